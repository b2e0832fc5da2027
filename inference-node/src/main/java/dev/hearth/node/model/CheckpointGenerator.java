package dev.hearth.node.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.node.checkpoint.CheckpointWriter;
import dev.hearth.node.checkpoint.DType;
import dev.hearth.node.checkpoint.Fp8BlockQuantizer;
import dev.hearth.node.checkpoint.Int8Quantizer;
import dev.hearth.node.checkpoint.WriteProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes a checkpoint of a config's exact architecture and Hugging Face layout — {@code config.json}
 * plus safetensors (sharded above {@code maxShardBytes}) — with deterministic values from a seed,
 * so the engine can load it through the same path as a published checkpoint.
 */
public final class CheckpointGenerator {
    /** The phases a long write reports, for a progress bar. */
    public interface Progress {
        void generated(long parameters, long total);

        void written(long bytes, long total);
    }

    private final long maxShardBytes;

    public CheckpointGenerator(long maxShardBytes) {
        this.maxShardBytes = maxShardBytes;
    }

    /** @throws IllegalArgumentException when {@code dir} exists and is not empty */
    public void write(ModelConfig config, StoredType type, long seed, Path dir, Map<String, String> metadata,
                      Progress progress) {
        requireEmpty(dir);
        TensorPlan plan = new TensorPlan(config);
        WeightGenerator generator = new WeightGenerator(seed);
        WriteProgress onWrite = progress::written;
        CheckpointWriter writer = new CheckpointWriter(dir, maxShardBytes, onWrite);
        long total = plan.parameterCount();
        long done = 0;
        for (TensorSpec spec : plan.tensors()) {
            add(writer, spec, generator.values(spec), type);
            done += spec.elements();
            progress.generated(done, total);
        }
        writer.write(metadata);
        writeConfig(config, type, dir);
    }

    private static void add(CheckpointWriter writer, TensorSpec spec, float[] values, StoredType type) {
        long[] shape = spec.isMatrix() ? new long[] {spec.rows(), spec.cols()} : new long[] {spec.rows()};
        DType wide = type == StoredType.F32 ? DType.F32 : DType.BF16;
        switch (spec.kind()) {
            case BIAS -> writer.add(spec.name(), DType.F32, shape, values);
            case NORM, WIDE -> writer.add(spec.name(), wide, shape, values);
            case LINEAR -> {
                if (type == StoredType.FP8) {
                    writer.add(spec.name(), Fp8BlockQuantizer.quantize(values, spec.rows(), spec.cols()));
                } else if (type == StoredType.INT8) {
                    writer.add(spec.name(), Int8Quantizer.quantize(values, spec.rows(), spec.cols()));
                } else {
                    writer.add(spec.name(), wide, shape, values);
                }
            }
            default -> throw new IllegalStateException("unhandled tensor kind " + spec.kind());
        }
    }

    /** config.json goes in last, through a rename: a checkpoint with a config is a complete one. */
    private static void writeConfig(ModelConfig config, StoredType type, Path dir) {
        ObjectNode quantization = null;
        ObjectMapper json = new ObjectMapper();
        if (type == StoredType.FP8) {
            quantization = json.createObjectNode().put("quant_method", "fp8").put("fmt", "e4m3")
                    .put("activation_scheme", "dynamic");
            quantization.putArray("weight_block_size").add(128).add(128);
        } else if (type == StoredType.INT8) {
            quantization = json.createObjectNode().put("quant_method", "hearth-int8").put("granularity", "per-channel")
                    .put("scale_suffix", "_scale");
        }
        String text = new ConfigJson().write(config, type == StoredType.F32 ? "float32" : "bfloat16", quantization);
        try {
            Path tmp = dir.resolve(".config.json.tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, dir.resolve("config.json"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("config.json"), e);
        }
    }

    private static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file; --out needs a new or empty directory");
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(dir + " is not empty; choose a new --out directory or empty it first");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}

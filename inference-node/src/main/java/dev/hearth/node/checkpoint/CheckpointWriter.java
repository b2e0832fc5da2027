package dev.hearth.node.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.node.engine.Bf16Matrix;
import dev.hearth.node.engine.F32Matrix;
import dev.hearth.node.engine.Fp8Matrix;
import dev.hearth.node.engine.Int8Matrix;
import dev.hearth.node.engine.Matrix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a checkpoint that {@link Checkpoint} and the Hugging Face tools read: one
 * {@code model.safetensors}, or, once the tensors exceed {@code maxShardBytes}, numbered shards and
 * {@code model.safetensors.index.json}. Tensors keep the order they were added in. Nothing appears
 * at the target until every byte is on disk (see {@link StagedDirectory}), so an interrupted or
 * failed write never leaves a checkpoint that looks complete. Added arrays are kept, not copied,
 * until {@link #write}: do not change them in between. Not thread-safe.
 */
public final class CheckpointWriter {
    private final Path dir;
    private final long maxShardBytes;
    private final WriteProgress progress;
    private final Map<String, PendingTensor> tensors = new LinkedHashMap<>();
    private boolean written;

    public CheckpointWriter(Path dir, long maxShardBytes, WriteProgress progress) {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
        }
        this.dir = Objects.requireNonNull(dir, "dir");
        this.maxShardBytes = maxShardBytes;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** A tensor given as its little-endian element bytes in {@code dtype}. */
    public void add(String name, DType dtype, long[] shape, byte[] littleEndianData) {
        Objects.requireNonNull(dtype, "dtype");
        long bytes = Math.multiplyExact(elements(name, shape), dtype.bytesPerElement());
        if (bytes != littleEndianData.length) {
            throw new IllegalArgumentException("tensor " + name + " with dtype " + dtype + " and shape "
                    + Arrays.toString(shape) + " needs " + bytes + " bytes, got " + littleEndianData.length);
        }
        tensors.put(name, new PendingTensor(name, dtype, shape.clone(), littleEndianData));
    }

    /** A tensor given as floats, stored as F32 or narrowed (round to nearest even) to F16 or BF16. */
    public void add(String name, DType dtype, long[] shape, float[] values) {
        if (dtype.quantized()) {
            throw new IllegalArgumentException("tensor " + name + ": " + dtype + " needs scales; quantize with "
                    + (dtype == DType.I8 ? "Int8Quantizer" : "Fp8BlockQuantizer") + " and add the matrix");
        }
        if (elements(name, shape) != values.length) {
            throw new IllegalArgumentException("tensor " + name + " with shape " + Arrays.toString(shape)
                    + " needs " + elements(name, shape) + " values, got " + values.length);
        }
        add(name, dtype, shape, Elements.encode(values, dtype));
    }

    /** A matrix in its own format; FP8 and int8 ones add their scale companion too. */
    public void add(String name, Matrix matrix) {
        long[] shape = {matrix.rows(), matrix.cols()};
        if (matrix instanceof F32Matrix m) {
            add(name, DType.F32, shape, m.data());
        } else if (matrix instanceof Bf16Matrix m) {
            add(name, DType.BF16, shape, Elements.encode(m.data()));
        } else if (matrix instanceof Fp8Matrix m) {
            String scales = name + Checkpoint.FP8_SCALE_SUFFIX;
            checkName(scales);
            add(name, DType.F8_E4M3, shape, m.data());
            add(scales, DType.F32, new long[] {Fp8Matrix.blockCount(m.rows()), m.blockCols()}, m.scaleInv());
        } else if (matrix instanceof Int8Matrix m) {
            String scales = name + Checkpoint.INT8_SCALE_SUFFIX;
            checkName(scales);
            add(name, DType.I8, shape, m.data());
            add(scales, DType.F32, new long[] {m.rows()}, m.scale());
        } else {
            throw new IllegalArgumentException("tensor " + name + ": no dtype for " + matrix.getClass().getName());
        }
    }

    /** Checks a new tensor's name and shape, and returns its element count. */
    private long elements(String name, long[] shape) {
        checkName(name);
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension in "
                        + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (written) {
            throw new IllegalStateException("checkpoint " + dir + " was already written");
        }
        if (name.isEmpty() || name.equals(HeaderParser.METADATA_KEY)) {
            throw new IllegalArgumentException("\"" + name + "\" cannot name a tensor");
        }
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("tensor " + name + " was already added");
        }
    }

    /** Writes everything added, with {@code metadata} in every shard's header. Once only. */
    public void write(Map<String, String> metadata) {
        if (written) {
            throw new IllegalStateException("checkpoint " + dir + " was already written");
        }
        if (tensors.isEmpty()) {
            throw new IllegalStateException("checkpoint " + dir + " has no tensors to write");
        }
        metadata.forEach((k, v) -> {
            Objects.requireNonNull(k, "metadata key");
            Objects.requireNonNull(v, "metadata " + k);
        });
        ObjectMapper json = new ObjectMapper();
        List<List<PendingTensor>> shards = plan();
        List<String> names = new ArrayList<>();
        List<byte[]> headers = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < shards.size(); i++) {
            names.add(shards.size() == 1 ? CheckpointLayout.SINGLE
                    : String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size()));
            headers.add(HeaderEncoder.encode(json, shards.get(i), metadata));
            total += ShardWriter.fileSize(headers.get(i), shards.get(i));
        }
        StagedDirectory staged;
        try {
            staged = StagedDirectory.create(dir);
        } catch (IOException e) {
            throw new CheckpointException(dir + ": cannot prepare to write a checkpoint (" + e + ")", e);
        }
        try {
            ShardWriter out = new ShardWriter(progress, total);
            for (int i = 0; i < shards.size(); i++) {
                out.write(staged.file(names.get(i)), headers.get(i), shards.get(i));
            }
            String index = null;
            if (shards.size() > 1) {
                index = CheckpointLayout.INDEX;
                writeSynced(staged.file(index), index(json, shards, names));
            }
            staged.publish(names, index);
        } catch (IOException e) {
            CheckpointException failure = new CheckpointException(dir + ": writing the checkpoint failed ("
                    + e + "); nothing was published", e);
            staged.discard(failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            staged.discard(e);
            throw e;
        }
        written = true;
    }

    /** Fills shards in order up to maxShardBytes of tensor data; a larger tensor gets a shard alone. */
    private List<List<PendingTensor>> plan() {
        List<List<PendingTensor>> shards = new ArrayList<>();
        List<PendingTensor> current = new ArrayList<>();
        long size = 0;
        for (PendingTensor t : tensors.values()) {
            if (!current.isEmpty() && size + t.data().length > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(t);
            size += t.data().length;
        }
        shards.add(current);
        return shards;
    }

    private static byte[] index(ObjectMapper json, List<List<PendingTensor>> shards, List<String> names)
            throws IOException {
        ObjectNode root = json.createObjectNode();
        ObjectNode meta = root.putObject("metadata");
        ObjectNode weightMap = root.putObject("weight_map");
        long totalSize = 0;
        for (int i = 0; i < shards.size(); i++) {
            for (PendingTensor t : shards.get(i)) {
                weightMap.put(t.name(), names.get(i));
                totalSize += t.data().length;
            }
        }
        meta.put("total_size", totalSize);
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
    }
}

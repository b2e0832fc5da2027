package dev.hearth.node.checkpoint;

import dev.hearth.node.engine.Bf16Matrix;
import dev.hearth.node.engine.F32Matrix;
import dev.hearth.node.engine.Fp8Matrix;
import dev.hearth.node.engine.Int8Matrix;
import dev.hearth.node.engine.Matrix;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A checkpoint directory in Hugging Face layout: one {@code model.safetensors}, or shards listed
 * by {@code model.safetensors.index.json}. The loaders check every shape against what the caller
 * expects and return the weights in the engine's formats, keeping quantized weights quantized.
 * Quantized tensors carry their scales in companion tensors: {@code W_scale_inv} (one per 128×128
 * block) for F8_E4M3 as DeepSeek-V3 ships, {@code W_scale} (one per row) for Hearth's own I8.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String FP8_SCALE_SUFFIX = "_scale_inv";
    public static final String INT8_SCALE_SUFFIX = "_scale";
    /** Java arrays stop a little short of Integer.MAX_VALUE. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Path directory;
    private final CheckpointLayout layout;

    private Checkpoint(Path directory, CheckpointLayout layout) {
        this.directory = directory;
        this.layout = layout;
    }

    public static Checkpoint open(Path dir) {
        return new Checkpoint(dir, CheckpointLayout.open(dir));
    }

    public Path directory() {
        return directory;
    }

    /** Every tensor name, in index or file order. */
    public Set<String> names() {
        return layout.tensors().keySet();
    }

    public Optional<TensorInfo> find(String name) {
        return Optional.ofNullable(layout.tensors().get(name));
    }

    /**
     * Tensor {@code name}, which must exist and, when {@code expectedShape} is given, have exactly
     * that shape; otherwise the error says what the caller expected.
     */
    public TensorInfo info(String name, long... expectedShape) {
        TensorInfo t = layout.tensors().get(name);
        boolean expects = expectedShape.length > 0;
        if (t == null) {
            throw new CheckpointException("tensor " + name + " is missing from " + directory
                    + (expects ? " (expected shape " + Arrays.toString(expectedShape) + ")" : ""));
        }
        if (expects && !t.shape().equals(asList(expectedShape))) {
            throw new CheckpointException(t.file() + ": tensor " + name + " has shape " + t.shape()
                    + ", expected " + Arrays.toString(expectedShape));
        }
        return t;
    }

    /** A {@code rows × cols} weight matrix, in the format nearest to how it is stored. */
    public Matrix matrix(String name, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("tensor " + name + ": a matrix needs positive dimensions, got "
                    + rows + "x" + cols);
        }
        TensorInfo t = info(name, rows, cols);
        int n = arrayLength(t);
        return switch (t.dtype()) {
            case F32, F16 -> new F32Matrix(rows, cols, read(t, b -> Elements.floats(b, t.dtype(), n)));
            case BF16 -> new Bf16Matrix(rows, cols, read(t, b -> Elements.shorts(b, n)));
            case F8_E4M3 -> new Fp8Matrix(rows, cols, read(t, b -> Elements.bytes(b, n)),
                    scales(t, FP8_SCALE_SUFFIX, Fp8Matrix.blockCount(rows), Fp8Matrix.blockCount(cols)));
            case I8 -> new Int8Matrix(rows, cols, read(t, b -> Elements.bytes(b, n)),
                    scales(t, INT8_SCALE_SUFFIX, rows));
        };
    }

    /** A 1-D tensor of {@code length} floats, such as a norm weight or a router bias. */
    public float[] vector(String name, int length) {
        TensorInfo t = info(name, length);
        if (t.dtype().quantized()) {
            throw new CheckpointException(t.file() + ": tensor " + name + " has dtype " + t.dtype()
                    + "; a vector must be F32, F16 or BF16");
        }
        return read(t, b -> Elements.floats(b, t.dtype(), length));
    }

    /** Any tensor as row-major floats, with quantized ones dequantized through their scales. */
    public float[] floats(String name) {
        TensorInfo t = info(name);
        int n = arrayLength(t);
        if (!t.dtype().quantized()) {
            return read(t, b -> Elements.floats(b, t.dtype(), n));
        }
        if (t.rank() != 2 || n == 0) {
            throw new CheckpointException(t.file() + ": tensor " + name + " has dtype " + t.dtype() + " and shape "
                    + t.shape() + "; quantized tensors must be non-empty 2-D matrices");
        }
        int rows = t.shape().get(0).intValue();
        int cols = t.shape().get(1).intValue();
        Matrix m = matrix(name, rows, cols);
        float[] out = new float[n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = m.get(r, c);
            }
        }
        return out;
    }

    /** The float scales {@code weight.name() + suffix} of a quantized weight, of exactly {@code shape}. */
    private float[] scales(TensorInfo weight, String suffix, long... shape) {
        String name = weight.name() + suffix;
        TensorInfo s = layout.tensors().get(name);
        String role = "the scales of " + weight.dtype() + " tensor " + weight.name() + " " + weight.shape();
        if (s == null) {
            throw new CheckpointException(weight.file() + ": " + role + " belong in tensor " + name
                    + " with shape " + Arrays.toString(shape) + ", which is missing from " + directory);
        }
        if (!s.shape().equals(asList(shape))) {
            throw new CheckpointException(s.file() + ": tensor " + name + " has shape " + s.shape() + ", expected "
                    + Arrays.toString(shape) + " for " + role);
        }
        if (s.dtype().quantized()) {
            throw new CheckpointException(s.file() + ": tensor " + name + " has dtype " + s.dtype()
                    + ", expected F32, F16 or BF16 for " + role);
        }
        int n = arrayLength(s);
        return read(s, b -> Elements.floats(b, s.dtype(), n));
    }

    private int arrayLength(TensorInfo t) {
        long n = t.elementCount();
        if (n > MAX_ARRAY) {
            throw new CheckpointException(t.file() + ": tensor " + t.name() + " has " + n
                    + " elements, more than one array holds (" + MAX_ARRAY + ")");
        }
        return (int) n;
    }

    private <T> T read(TensorInfo t, Function<ByteBuffer, T> decode) {
        ByteBuffer bytes = layout.owner(t.name()).bytes(t);
        try {
            return decode.apply(bytes);
        } catch (InternalError e) {
            // What the JVM throws when mapped pages vanish under it (SIGBUS): the file shrank after the size check.
            throw new CheckpointException(t.file() + ": tensor " + t.name() + " could not be read from the mapping ("
                    + e.getMessage() + "); was the file changed while open?", e);
        }
    }

    private static List<Long> asList(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }

    @Override
    public void close() {
        layout.close();
    }
}

package dev.hearth.node.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where one tensor lives: its dtype and shape as the header states them, the file, and the
 * absolute byte range of its data in that file (already checked against the header and the file
 * size when the file was opened). The shape is a list so that two infos compare equal by value.
 */
public record TensorInfo(String name, DType dtype, List<Long> shape, Path file, long offset, long byteLength) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(file, "file");
        shape = List.copyOf(shape);
        if (offset < 0 || byteLength < 0) {
            throw new IllegalArgumentException("tensor " + name + " has a negative offset or length");
        }
    }

    /** Product of the dimensions; 1 for a scalar (an empty shape). */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public int rank() {
        return shape.size();
    }
}

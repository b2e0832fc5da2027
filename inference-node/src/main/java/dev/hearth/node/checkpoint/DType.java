package dev.hearth.node.checkpoint;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types Hearth reads from safetensors files; each constant's name is its dtype string
 * in the header. Other types the format knows (F8_E5M2, I64, F64, ...) have no kernel here, so
 * they are refused when the header is read rather than misread later.
 */
public enum DType {
    F32(4),
    F16(2),
    BF16(2),
    F8_E4M3(1),
    I8(1);

    private final int bytesPerElement;

    DType(int bytesPerElement) {
        this.bytesPerElement = bytesPerElement;
    }

    /** The dtype string as written in a safetensors header. */
    public String code() {
        return name();
    }

    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** True for the types whose values mean nothing without a companion scale tensor. */
    public boolean quantized() {
        return this == F8_E4M3 || this == I8;
    }

    /** The type named {@code code} in the header of {@code file} for {@code tensor}. */
    public static DType parse(String code, Path file, String tensor) {
        for (DType d : values()) {
            if (d.name().equals(code)) {
                return d;
            }
        }
        throw new CheckpointException(file + ": tensor " + tensor + " has dtype \"" + code
                + "\", which Hearth cannot read; supported dtypes are " + supported());
    }

    static String supported() {
        return Arrays.stream(values()).map(DType::code).collect(Collectors.joining(", "));
    }
}

package dev.hearth.node.wire;

import java.util.Locale;

/**
 * How a frame's activation payload is laid out on the wire. The wire carries {@link #id()}; the
 * metric label is {@link #label()}.
 */
public enum PayloadEncoding {
    /** Little-endian float32, bit for bit. */
    RAW(0),
    /** One LZ4 block of the little-endian float32 bytes; lossless. */
    LZ4(1),
    /** Block-wise uniform quantisation with an error bound on every finite element; see {@link LossyCodec}. */
    LOSSY(2);

    private final int id;

    PayloadEncoding(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public boolean lossless() {
        return this != LOSSY;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The encoding with this wire id, or {@code null} when none has it. */
    static PayloadEncoding byId(int id) {
        for (PayloadEncoding e : values()) {
            if (e.id == id) {
                return e;
            }
        }
        return null;
    }
}

package dev.hearth.node.model;

/**
 * How a generated checkpoint stores its projection weights ({@code --dtype}). Embeddings, the LM head,
 * the MoE router and norms stay in 16 bits (32 for {@code f32}) and the router bias in 32, as in
 * DeepSeek-V3's own FP8 release.
 */
public enum StoredType {
    F32("f32"),
    BF16("bf16"),
    /** E4M3 with one scale per 128×128 block ({@code weight_scale_inv}). */
    FP8("fp8"),
    /** Hearth's own symmetric int8 with one scale per output row ({@code weight_scale}). */
    INT8("int8");

    private final String flag;

    StoredType(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public static StoredType parse(String flag) {
        for (StoredType t : values()) {
            if (t.flag.equalsIgnoreCase(flag)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype \"" + flag + "\"; choose one of f32, bf16, fp8, int8");
    }
}

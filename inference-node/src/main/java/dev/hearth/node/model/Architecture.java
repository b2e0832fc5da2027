package dev.hearth.node.model;

/** The model families the engine runs, by their Hugging Face {@code model_type}. */
public enum Architecture {
    /** Multi-head Latent Attention, dense then MoE layers (shared + routed experts). */
    DEEPSEEK_V3("deepseek_v3"),
    /** Grouped-query attention, SwiGLU MLP. */
    LLAMA("llama");

    private final String modelType;

    Architecture(String modelType) {
        this.modelType = modelType;
    }

    public String modelType() {
        return modelType;
    }
}

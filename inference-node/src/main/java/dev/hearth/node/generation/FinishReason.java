package dev.hearth.node.generation;

/** Why generation ended, spelled as in the OpenAI API. */
public enum FinishReason {
    /** The model emitted end-of-sequence or a stop string matched. */
    STOP,
    /** {@code max_tokens} was reached. */
    LENGTH;

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

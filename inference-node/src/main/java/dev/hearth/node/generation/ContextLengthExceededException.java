package dev.hearth.node.generation;

/** A request that asks for more tokens than the model's context holds. */
public final class ContextLengthExceededException extends IllegalArgumentException {
    public ContextLengthExceededException(int promptTokens, int maxTokens, int context) {
        super("this model's context is " + context + " tokens; the prompt has " + promptTokens
                + " and max_tokens asks for " + maxTokens + ": shorten the prompt or lower max_tokens");
    }
}

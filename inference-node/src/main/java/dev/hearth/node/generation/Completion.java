package dev.hearth.node.generation;

/** The result of one generation. */
public record Completion(String text, int promptTokens, int completionTokens, FinishReason finishReason) {
}

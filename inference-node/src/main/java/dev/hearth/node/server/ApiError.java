package dev.hearth.node.server;

/** OpenAI's error body. */
public record ApiError(Detail error) {
    public record Detail(String message, String type, String param, String code) {
    }
}

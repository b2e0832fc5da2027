package dev.hearth.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.node.generation.SamplingParams;

/**
 * A validated {@code POST /v1/completions} body. Unknown fields are ignored, as OpenAI-compatible
 * servers do; known fields of the wrong type or range are refused naming the field.
 */
public record CompletionRequest(String model, String prompt, int maxTokens, SamplingParams sampling) {
    static final int DEFAULT_MAX_TOKENS = 16;

    /** @param defaultSeed the seed when the request names none, so unseeded requests differ */
    public static CompletionRequest parse(JsonNode body, long defaultSeed) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid(null, "the request body must be a JSON object");
        }
        String model = null;
        if (body.hasNonNull("model")) {
            if (!body.get("model").isTextual()) {
                throw ApiException.invalid("model", "'model' must be a string, got " + body.get("model"));
            }
            model = body.get("model").asText();
        }
        String prompt = prompt(body.get("prompt"));
        int maxTokens = body.hasNonNull("max_tokens")
                ? (int) integer(body, "max_tokens", 1, Integer.MAX_VALUE) : DEFAULT_MAX_TOKENS;
        double temperature = body.hasNonNull("temperature") ? number(body, "temperature", 0, 2) : 1.0;
        double topP = body.hasNonNull("top_p") ? number(body, "top_p", 0, 1) : 1.0;
        if (topP == 0) {
            throw ApiException.invalid("top_p", "'top_p' must be greater than 0 and at most 1, got 0");
        }
        long seed = body.hasNonNull("seed") ? integer(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE) : defaultSeed;
        return new CompletionRequest(model, prompt, maxTokens, new SamplingParams(temperature, topP, seed));
    }

    private static String prompt(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiException.invalid("prompt", "'prompt' is required: give the text to complete");
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray() && node.size() == 1 && node.get(0).isTextual()) {
            return node.get(0).asText();
        }
        throw ApiException.invalid("prompt", "'prompt' must be a string (or an array of exactly one string)");
    }

    private static long integer(JsonNode body, String field, long min, long max) {
        JsonNode n = body.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw ApiException.invalid(field, "'" + field + "' must be an integer, got " + n);
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw ApiException.invalid(field, "'" + field + "' must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static double number(JsonNode body, String field, double min, double max) {
        JsonNode n = body.get(field);
        if (!n.isNumber()) {
            throw ApiException.invalid(field, "'" + field + "' must be a number, got " + n);
        }
        double v = n.asDouble();
        if (!(v >= min && v <= max)) {
            throw ApiException.invalid(field, "'" + field + "' must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}

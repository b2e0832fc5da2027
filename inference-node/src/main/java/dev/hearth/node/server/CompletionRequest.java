package dev.hearth.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.node.generation.SamplingParams;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code POST /v1/completions} or {@code /v1/chat/completions} body (chat messages are
 * rendered into the prompt by {@link ChatTemplate}). Unknown fields are ignored, as OpenAI-compatible
 * servers do; known fields of the wrong type or range are refused naming the field.
 *
 * @param stop         up to 4 strings that end the completion (not included in it)
 * @param stream       answer as server-sent events, one chunk per piece of text
 * @param includeUsage with {@code stream}: a last chunk carrying {@code usage} ({@code stream_options})
 */
public record CompletionRequest(String model, String prompt, int maxTokens, SamplingParams sampling, List<String> stop,
                                boolean stream, boolean includeUsage) {
    static final int DEFAULT_MAX_TOKENS = 16;
    static final int MAX_STOPS = 4;

    public CompletionRequest {
        stop = List.copyOf(stop);
    }

    /** @param defaultSeed the seed when the request names none, so unseeded requests differ */
    public static CompletionRequest parse(JsonNode body, long defaultSeed) {
        requireObject(body);
        return parse(body, prompt(body.get("prompt")), "max_tokens", defaultSeed);
    }

    /** A chat body: {@code messages} rendered into one prompt; {@code max_completion_tokens} also accepted. */
    public static CompletionRequest parseChat(JsonNode body, long defaultSeed) {
        requireObject(body);
        String limit = body.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        return parse(body, ChatTemplate.render(body.get("messages")), limit, defaultSeed);
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid(null, "the request body must be a JSON object");
        }
    }

    private static CompletionRequest parse(JsonNode body, String prompt, String limitField, long defaultSeed) {
        String model = null;
        if (body.hasNonNull("model")) {
            if (!body.get("model").isTextual()) {
                throw ApiException.invalid("model", "'model' must be a string, got " + body.get("model"));
            }
            model = body.get("model").asText();
        }
        int maxTokens = body.hasNonNull(limitField)
                ? (int) integer(body, limitField, 1, Integer.MAX_VALUE) : DEFAULT_MAX_TOKENS;
        double temperature = body.hasNonNull("temperature") ? number(body, "temperature", 0, 2) : 1.0;
        double topP = body.hasNonNull("top_p") ? number(body, "top_p", 0, 1) : 1.0;
        if (topP == 0) {
            throw ApiException.invalid("top_p", "'top_p' must be greater than 0 and at most 1, got 0");
        }
        long seed = body.hasNonNull("seed") ? integer(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE) : defaultSeed;
        boolean stream = bool(body, "stream");
        boolean includeUsage = false;
        if (body.hasNonNull("stream_options")) {
            JsonNode options = body.get("stream_options");
            if (!options.isObject()) {
                throw ApiException.invalid("stream_options", "'stream_options' must be an object like {\"include_usage\": true}");
            }
            includeUsage = bool(options, "include_usage");
        }
        return new CompletionRequest(model, prompt, maxTokens, new SamplingParams(temperature, topP, seed), stops(body),
                stream, includeUsage);
    }

    private static List<String> stops(JsonNode body) {
        JsonNode node = body.get("stop");
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> stops = new ArrayList<>();
        if (node.isTextual()) {
            stops.add(node.asText());
        } else if (node.isArray() && node.size() <= MAX_STOPS) {
            for (JsonNode s : node) {
                if (!s.isTextual()) {
                    throw ApiException.invalid("stop", "'stop' entries must be strings, got " + s);
                }
                stops.add(s.asText());
            }
        } else {
            throw ApiException.invalid("stop", "'stop' must be a string or an array of at most " + MAX_STOPS + " strings");
        }
        if (stops.stream().anyMatch(String::isEmpty)) {
            throw ApiException.invalid("stop", "'stop' strings must not be empty");
        }
        return stops;
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw ApiException.invalid(field, "'" + field + "' must be true or false, got " + n);
        }
        return n.booleanValue();
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

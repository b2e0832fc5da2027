package dev.hearth.node.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a completion request counts against its household's tokens-per-minute budget, known before
 * it runs: the tokens it may generate ({@code max_tokens}) plus its prompt's length in UTF-8 bytes
 * (for a chat, the bytes of every message's content).
 * Bytes over-count tokens for a BPE tokenizer and match the byte-level one, so the estimate errs on
 * the household's side of fairness to others, and it costs no tokenizer at the gateway.
 */
final class RequestCost {
    /** The node's default when a request names no {@code max_tokens}. */
    static final int DEFAULT_MAX_TOKENS = 16;

    private RequestCost() {
    }

    /** A body that is not a JSON object counts its own length: the node will refuse it anyway. */
    static long of(byte[] body, ObjectMapper json) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            return body.length;
        }
        if (request == null || !request.isObject()) {
            return body.length;
        }
        JsonNode maxTokens = request.get("max_tokens");
        long generated = maxTokens != null && maxTokens.isIntegralNumber() && maxTokens.canConvertToLong()
                && maxTokens.asLong() > 0 ? maxTokens.asLong() : DEFAULT_MAX_TOKENS;
        return generated + promptBytes(request.get("prompt")) + messageBytes(request.get("messages"));
    }

    private static long messageBytes(JsonNode messages) {
        long bytes = 0;
        if (messages != null && messages.isArray()) {
            for (JsonNode message : messages) {
                JsonNode content = message.get("content");
                if (content != null && content.isArray()) {
                    for (JsonNode part : content) {
                        bytes += promptBytes(part.get("text"));
                    }
                } else {
                    bytes += promptBytes(content);
                }
            }
        }
        return bytes;
    }

    private static long promptBytes(JsonNode prompt) {
        if (prompt == null) {
            return 0;
        }
        if (prompt.isTextual()) {
            return prompt.asText().getBytes(StandardCharsets.UTF_8).length;
        }
        long bytes = 0;
        if (prompt.isArray()) {
            for (JsonNode part : prompt) {
                // token ids count one each; anything else its text
                bytes += part.isNumber() ? 1 : promptBytes(part);
            }
        }
        return bytes;
    }
}

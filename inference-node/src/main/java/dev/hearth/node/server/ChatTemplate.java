package dev.hearth.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Renders chat {@code messages} into the one prompt the model continues: each message as
 * {@code "<role>: <content>\n"}, then {@code "assistant:"} for the model to complete. A plain-text
 * template, because Hearth's generated checkpoints carry no chat template of their own.
 */
final class ChatTemplate {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private ChatTemplate() {
    }

    static String render(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalid("messages", "'messages' is required: an array of {\"role\", \"content\"} objects");
        }
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject() || !m.hasNonNull("role") || !m.get("role").isTextual()) {
                throw ApiException.invalid(where, "'" + where + "' needs a string 'role'");
            }
            String role = m.get("role").asText();
            if (!ROLES.contains(role)) {
                throw ApiException.invalid(where + ".role", "'" + where + ".role' is '" + role + "'; use one of " + ROLES);
            }
            prompt.append(role).append(": ").append(content(m.get("content"), where)).append('\n');
        }
        return prompt.append("assistant:").toString();
    }

    /** A string, or an array of {@code {"type": "text", "text": ...}} parts. */
    private static String content(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw ApiException.invalid(where + ".content", "only text content parts are supported here");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw ApiException.invalid(where + ".content", "'" + where + ".content' must be a string or an array of text parts");
    }
}

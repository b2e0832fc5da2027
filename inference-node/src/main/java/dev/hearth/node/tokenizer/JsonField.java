package dev.hearth.node.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of a tokenizer.json together with where it is (file and JSON path such as
 * {@code pre_tokenizer.pretokenizers[1].type}), so that every error can say which field is wrong.
 */
record JsonField(String file, String path, JsonNode node) {

    boolean isMissingOrNull() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    JsonField get(String name) {
        JsonNode child = node == null ? null : node.get(name);
        return new JsonField(file, path.isEmpty() ? name : path + "." + name, child);
    }

    List<JsonField> elements() {
        if (node == null || !node.isArray()) {
            throw error("expected a JSON array, found " + describe(), "write it as a list [ … ]");
        }
        List<JsonField> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonField(file, path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    String text() {
        if (node == null || !node.isTextual()) {
            throw error("expected a string, found " + describe(), "write it as a JSON string");
        }
        return node.asText();
    }

    String textOr(String fallback) {
        return isMissingOrNull() ? fallback : text();
    }

    boolean bool(boolean fallback) {
        if (isMissingOrNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw error("expected true or false, found " + describe(), "write it as a JSON boolean");
        }
        return node.asBoolean();
    }

    /** A token id: a whole number from 0 to {@code limit - 1}. */
    int id(int limit) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0
                || node.asInt() >= limit) {
            throw error("expected a token id from 0 to " + (limit - 1) + ", found " + describe(),
                    "give the token a non-negative whole-number id below " + limit);
        }
        return node.asInt();
    }

    /** The node's {@code type} field, which every normalizer, pre-tokenizer, decoder and model has. */
    String type() {
        if (node == null || !node.isObject()) {
            throw error("expected an object with a \"type\" field, found " + describe(),
                    "write it as {\"type\": …} or null");
        }
        return get("type").text();
    }

    TokenizerException error(String problem, String fix) {
        String where = path.isEmpty() ? "" : path + ": ";
        return new TokenizerException(file + ": " + where + problem + "; " + fix);
    }

    String describe() {
        if (node == null || node.isMissingNode()) {
            return "nothing (the field is missing)";
        }
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}

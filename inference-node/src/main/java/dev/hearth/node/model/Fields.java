package dev.hearth.node.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** Typed access to the keys of one {@code config.json}, each failure naming the key and the fix. */
final class Fields {
    private final Path file;
    private final JsonNode root;

    Fields(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    ConfigException error(String message) {
        return new ConfigException(file, message);
    }

    boolean has(String key) {
        return root.hasNonNull(key);
    }

    int positive(String key) {
        if (!has(key)) {
            throw error(key + " is missing; it must be a positive integer");
        }
        int v = integer(root.get(key), key);
        if (v <= 0) {
            throw error(key + " is " + v + "; it must be a positive integer");
        }
        return v;
    }

    int positiveOr(String key, int fallback) {
        return has(key) ? positive(key) : fallback;
    }

    /** A non-negative integer; {@code null} or absent means {@code fallback} (e.g. {@code "q_lora_rank": null}). */
    int nonNegative(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode node = root.get(key);
        if (node.isArray() && node.size() > 0) {
            node = node.get(0); // several EOS ids (Llama 3): the first ends generation
        }
        int v = integer(node, key);
        if (v < 0) {
            throw error(key + " is " + v + "; it must be zero or more");
        }
        return v;
    }

    double positiveDouble(String key, double fallback) {
        return has(key) ? positiveDouble(root.get(key), key) : fallback;
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode node = root.get(key);
        if (!node.isBoolean()) {
            throw error(key + " is " + node + "; it must be true or false");
        }
        return node.booleanValue();
    }

    String string(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode node = root.get(key);
        if (!node.isTextual()) {
            throw error(key + " is " + node + "; it must be a string");
        }
        return node.textValue();
    }

    /** Rejects a present key whose value differs from the only one the engine implements. */
    void requireValue(String key, Object supported) {
        if (!has(key)) {
            return;
        }
        JsonNode node = root.get(key);
        boolean same = supported instanceof String s ? node.isTextual() && node.textValue().equals(s)
                : supported instanceof Boolean b ? node.isBoolean() && node.booleanValue() == b
                : node.isIntegralNumber() && node.longValue() == ((Integer) supported).longValue();
        if (!same) {
            throw error(key + " is " + node + "; the engine supports only " + (supported instanceof String
                    ? "\"" + supported + "\"" : supported));
        }
    }

    /** DeepSeek's YaRN {@code rope_scaling}, or null when absent. */
    RopeScaling ropeScaling() {
        if (!has("rope_scaling")) {
            return null;
        }
        JsonNode rs = root.get("rope_scaling");
        if (!rs.isObject()) {
            throw error("rope_scaling is " + rs + "; it must be an object like {\"type\": \"yarn\", \"factor\": 40, ...}");
        }
        JsonNode type = rs.hasNonNull("type") ? rs.get("type") : rs.get("rope_type");
        if (type == null || !"yarn".equals(type.asText())) {
            throw error("rope_scaling.type is " + type + "; only \"yarn\" is supported");
        }
        Fields s = new Fields(file, rs);
        int originalMax = s.positive("original_max_position_embeddings");
        return new RopeScaling(s.positiveDouble(rs.get("factor"), "rope_scaling.factor"), originalMax,
                s.positiveDouble("beta_fast", 32), s.positiveDouble("beta_slow", 1),
                s.nonNegativeDouble("mscale", 1), s.nonNegativeDouble("mscale_all_dim", 0));
    }

    private double nonNegativeDouble(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode node = root.get(key);
        if (!node.isNumber() || node.doubleValue() < 0) {
            throw error("rope_scaling." + key + " is " + node + "; it must be a number of zero or more");
        }
        return node.doubleValue();
    }

    private double positiveDouble(JsonNode node, String key) {
        if (node == null || !node.isNumber() || !(node.doubleValue() > 0) || Double.isInfinite(node.doubleValue())) {
            throw error(key + " is " + node + "; it must be a positive number");
        }
        return node.doubleValue();
    }

    private int integer(JsonNode node, String key) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw error(key + " is " + node + "; it must be an integer");
        }
        return node.intValue();
    }
}

package dev.hearth.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.controlplane.households.HouseholdName;
import dev.hearth.node.households.HouseholdQuota;

import java.util.Iterator;
import java.util.Set;

/**
 * A validated body of {@code POST /api/households}: {@code {"name": "maple-street", "tokensPerMinute":
 * 20000, "maxConcurrent": 4, "maxKvBlocks": 256, "weight": 1.0}}, every field but the name optional
 * (the standard quota's value when left out).
 */
public record HouseholdRequest(String name, HouseholdQuota quota) {
    private static final Set<String> FIELDS = Set.of("name", "tokensPerMinute", "maxConcurrent", "maxKvBlocks",
            "weight");
    static final String EXAMPLE = "{\"name\": \"maple-street\", \"tokensPerMinute\": 20000}";

    /**
     * @throws IllegalArgumentException naming the field, the rule and an example, for anything the
     *                                  admin API should answer with 400
     */
    public static HouseholdRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object like " + EXAMPLE);
        }
        // a misspelt quota would otherwise quietly become the standard one
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "'; the fields are name, tokensPerMinute,"
                        + " maxConcurrent, maxKvBlocks and weight");
            }
        }
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw new IllegalArgumentException("'name' is required and must be a string, e.g. " + EXAMPLE);
        }
        HouseholdQuota standard = HouseholdQuota.standard();
        HouseholdQuota quota = new HouseholdQuota(
                integer(body, "tokensPerMinute", standard.tokensPerMinute()),
                integer(body, "maxConcurrent", standard.maxConcurrent()),
                integer(body, "maxKvBlocks", standard.maxKvBlocks()),
                number(body, "weight", standard.weight()));
        return new HouseholdRequest(HouseholdName.requireValid(name.asText()), quota);
    }

    private static int integer(JsonNode body, String field, int standard) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return standard;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException("'" + field + "' must be a whole number, got " + n);
        }
        return n.asInt();
    }

    private static double number(JsonNode body, String field, double standard) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return standard;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number, got " + n);
        }
        return n.asDouble();
    }
}

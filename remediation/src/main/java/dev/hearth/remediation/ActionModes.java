package dev.hearth.remediation;

import dev.hearth.model.ActionType;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The mode of each action type, and how long an action waits for approval.
 *
 * @param modes       types not listed are {@link ActionMode#AUTOMATIC}
 * @param approvalTtl how long a pending action may be approved
 */
public record ActionModes(Map<ActionType, ActionMode> modes, Duration approvalTtl) {
    public ActionModes {
        modes = Map.copyOf(modes);
        if (approvalTtl.isNegative() || approvalTtl.isZero()) {
            throw new IllegalArgumentException("the approval time-to-live must be positive, was " + approvalTtl);
        }
    }

    public static ActionModes automatic() {
        return new ActionModes(Map.of(), Duration.ofMinutes(30));
    }

    public ActionMode of(ActionType type) {
        return modes.getOrDefault(type, ActionMode.AUTOMATIC);
    }

    public ActionModes with(ActionType type, ActionMode mode) {
        Map<ActionType, ActionMode> next = new EnumMap<>(ActionType.class);
        next.putAll(modes);
        next.put(type, mode);
        return new ActionModes(next, approvalTtl);
    }

    /**
     * Parses {@code TYPE=MODE,…}, e.g. {@code rebalance=approval,restart-service=dry-run}.
     *
     * @throws IllegalArgumentException naming the entry and the valid types and modes
     */
    public static ActionModes parse(String text, Duration approvalTtl) {
        ActionModes result = new ActionModes(Map.of(), approvalTtl);
        if (text == null || text.isBlank()) {
            return result;
        }
        for (String entry : text.split(",")) {
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("mode '" + entry.trim() + "' is not TYPE=MODE, e.g. rebalance=approval");
            }
            result = result.with(parseEnum(ActionType.class, kv[0], "action type"),
                    parseEnum(ActionMode.class, kv[1], "mode"));
        }
        return result;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String what) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            StringBuilder valid = new StringBuilder();
            for (E v : type.getEnumConstants()) {
                valid.append(valid.length() == 0 ? "" : ", ").append(v.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException("unknown " + what + " '" + text.trim() + "'; valid: " + valid);
        }
    }
}

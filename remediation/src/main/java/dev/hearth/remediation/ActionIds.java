package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Action ids derived from what caused the action, never random: a finding that repeats every cycle
 * plans an action with the same id each time, which is how remediation acts on it once.
 */
public final class ActionIds {
    private ActionIds() {
    }

    /** The id of an action on {@code node} for finding {@code cause} (its node, kind and start). */
    public static String of(ActionType type, String node, Finding cause) {
        return cause == null ? hash(type.name(), node)
                : hash(type.name(), node, cause.node(), cause.kind(), Long.toString(cause.since().toEpochMilli()));
    }

    /** 12 hex digits of SHA-256 over the parts: short enough to type after {@code ./hearth actions approve}. */
    public static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

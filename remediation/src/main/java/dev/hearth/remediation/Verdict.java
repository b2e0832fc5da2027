package dev.hearth.remediation;

import java.util.Objects;

/**
 * The guard's answer to a planned action.
 *
 * @param allowed      whether the action may go ahead now
 * @param deferred     refused for now only (a rate limit): the same action is tried again later
 * @param code         a short stable name of the rule that decided, for metrics ({@code within-limits},
 *                     {@code replication}, {@code max-share}, {@code breaker}, …)
 * @param reason       one sentence for the audit log that names the values and the limit
 * @param tripsBreaker whether this refusal trips the isolation breaker
 */
public record Verdict(boolean allowed, boolean deferred, String code, String reason, boolean tripsBreaker) {
    public Verdict {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    public static Verdict allow() {
        return new Verdict(true, false, "within-limits", "within limits", false);
    }

    public static Verdict refuse(String reason) {
        return refuse("refused", reason);
    }

    public static Verdict refuse(String code, String reason) {
        return new Verdict(false, false, code, reason, false);
    }

    public static Verdict defer(String code, String reason) {
        return new Verdict(false, true, code, reason, false);
    }

    public static Verdict trip(String reason) {
        return new Verdict(false, false, "breaker", reason, true);
    }
}

package dev.hearth.remediation;

import dev.hearth.model.ActionType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the guard remembers between evaluations: the breaker and when recent actions ran. Immutable;
 * the remediator keeps the current one.
 *
 * @param breaker  the isolation breaker
 * @param executed per action type, when actions of it ran (oldest first), kept for the longest window
 */
public record GuardState(Breaker breaker, Map<ActionType, List<Instant>> executed) {
    /**
     * @param tripped   whether isolations are blocked until an operator resets the breaker
     * @param trippedAt when it tripped; {@code null} while closed
     * @param reason    why it tripped; {@code null} while closed
     */
    public record Breaker(boolean tripped, Instant trippedAt, String reason) {
        public static Breaker closed() {
            return new Breaker(false, null, null);
        }
    }

    public GuardState {
        Map<ActionType, List<Instant>> copy = new EnumMap<>(ActionType.class);
        executed.forEach((type, times) -> copy.put(type, List.copyOf(times)));
        executed = java.util.Collections.unmodifiableMap(copy);
    }

    public static GuardState initial() {
        return new GuardState(Breaker.closed(), Map.of());
    }

    /** How many actions of {@code type} ran in {@code (now - window, now]}. */
    public int countSince(ActionType type, Instant now, Duration window) {
        Instant cutoff = now.minus(window);
        return (int) executed.getOrDefault(type, List.of()).stream().filter(t -> t.isAfter(cutoff)).count();
    }

    /** The oldest of those, which leaves the window first. */
    public Instant oldestSince(ActionType type, Instant now, Duration window) {
        Instant cutoff = now.minus(window);
        return executed.getOrDefault(type, List.of()).stream().filter(t -> t.isAfter(cutoff)).findFirst().orElse(now);
    }

    public GuardState afterExecuted(ActionType type, Instant at, Duration keep) {
        Map<ActionType, List<Instant>> next = new EnumMap<>(ActionType.class);
        Instant cutoff = at.minus(keep);
        executed.forEach((t, times) -> next.put(t, times.stream().filter(x -> x.isAfter(cutoff)).toList()));
        List<Instant> times = new ArrayList<>(next.getOrDefault(type, List.of()));
        times.add(at);
        next.put(type, times);
        return new GuardState(breaker, next);
    }

    public GuardState tripped(String reason, Instant at) {
        return breaker.tripped() ? this : new GuardState(new Breaker(true, at, reason), executed);
    }

    /**
     * The guard's state as the audit log tells it, so a restart neither closes a tripped breaker nor
     * forgets the actions its windows count: executed actions within {@code keep} of {@code now}; the
     * first breaker refusal after the last reset tripped it (the later ones are the blocks it caused);
     * an operator's reset closes it.
     *
     * @param newestFirst audit entries, newest first, as {@link AuditLog#recent} gives them
     */
    public static GuardState recover(List<AuditEntry> newestFirst, Instant now, Duration keep) {
        GuardState state = initial();
        Instant cutoff = now.minus(keep);
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            AuditEntry e = newestFirst.get(i);
            if (e.action() == ActionType.NOTIFY && e.outcome() == Outcome.EXECUTED
                    && e.reason().startsWith(RESET_REASON)) {
                state = state.reset();
            } else if (e.outcome() == Outcome.REFUSED && BREAKER.equals(e.verdict())) {
                state = state.tripped(e.reason(), e.at());
            } else if (e.outcome() == Outcome.EXECUTED && e.action() != ActionType.NOTIFY && e.at().isAfter(cutoff)) {
                state = state.afterExecuted(e.action(), e.at(), keep);
            }
        }
        return state;
    }

    /** How the audit names an operator's reset of the breaker. */
    static final String RESET_REASON = "an operator reset the isolation breaker";
    /** The verdict code of the breaker's refusals. */
    static final String BREAKER = "breaker";

    /**
     * An operator's reset: the breaker closes and the isolations it counted are forgotten, so the
     * next one does not trip it again at once.
     */
    public GuardState reset() {
        Map<ActionType, List<Instant>> next = new EnumMap<>(ActionType.class);
        next.putAll(executed);
        next.remove(ActionType.ISOLATE);
        return new GuardState(Breaker.closed(), next);
    }
}

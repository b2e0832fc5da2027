package dev.hearth.remediation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pending approvals kept in memory, for a remediator without a database; lost on restart. */
public final class InMemoryPendingActions implements PendingActions {
    private final Map<String, PendingAction> proposed = new LinkedHashMap<>();
    private final Map<String, Decision> decided = new LinkedHashMap<>();

    @Override
    public synchronized boolean propose(PendingAction action) {
        return proposed.putIfAbsent(action.id(), action) == null;
    }

    @Override
    public synchronized List<PendingAction> waiting(Instant now) {
        return proposed.values().stream().filter(p -> !decided.containsKey(p.id()) && !p.expired(now)).toList();
    }

    @Override
    public synchronized List<PendingAction> expired(Instant now) {
        return proposed.values().stream().filter(p -> !decided.containsKey(p.id()) && p.expired(now)).toList();
    }

    @Override
    public synchronized Optional<PendingAction> undecided(String id) {
        return decided.containsKey(id) ? Optional.empty() : Optional.ofNullable(proposed.get(id));
    }

    @Override
    public synchronized boolean decide(String id, Decision decision, Instant at) {
        if (!proposed.containsKey(id) || decided.containsKey(id)) {
            return false;
        }
        decided.put(id, decision);
        return true;
    }

    /** Every decision so far, in order. */
    public synchronized List<Map.Entry<String, Decision>> decisions() {
        return new ArrayList<>(decided.entrySet());
    }
}

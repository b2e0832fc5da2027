package dev.hearth.remediation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Actions waiting for approval. Each id is proposed once: once decided, the same id is never pending again. */
public interface PendingActions {

    /** Adds the action unless its id was ever proposed; returns whether it was added. */
    boolean propose(PendingAction action);

    /** The actions still waiting (not decided, not expired at {@code now}), oldest first. */
    List<PendingAction> waiting(Instant now);

    /** Undecided actions whose time ran out at {@code now}, oldest first, so their expiry can be recorded. */
    List<PendingAction> expired(Instant now);

    /** The action with this id while it is undecided (expired or not); empty when unknown or decided. */
    Optional<PendingAction> undecided(String id);

    /** Records the decision; returns false when the action was decided already (another operator was first). */
    boolean decide(String id, Decision decision, Instant at);
}

package dev.hearth.remediation.kubernetes;

import java.util.List;

/**
 * The Eviction API answered 429 for these pods: a PodDisruptionBudget does not allow another
 * disruption now. The refusal is temporary, so the isolation is worth retrying once the budget's pods are
 * ready again; it arrives as the cause of an {@code ActuationException}.
 */
public final class EvictionRefusedException extends Exception {
    private final List<String> pods;

    public EvictionRefusedException(List<String> pods) {
        super("eviction refused by a PodDisruptionBudget (HTTP 429) for " + String.join(", ", pods)
                + "; retry when the budget allows another disruption");
        this.pods = List.copyOf(pods);
    }

    /** The refused pods as {@code namespace/name}. */
    public List<String> pods() {
        return pods;
    }

    /** Always true: a disruption budget refusal clears as soon as the replicas it protects are ready. */
    public boolean retryable() {
        return true;
    }
}

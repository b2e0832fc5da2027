package dev.hearth.node.shard;

import java.util.List;

/**
 * The nodes serving one pipeline stage, in the order to try them: the first is used until it
 * fails, then the next takes over for good (a node that comes back rejoins through a new
 * placement, not by being retried mid-request).
 */
public final class StageReplicas implements AutoCloseable {
    private final List<StageLink> links;
    private int current;

    public StageReplicas(List<StageLink> links) {
        if (links.isEmpty()) {
            throw new IllegalArgumentException("a stage needs at least one node serving it");
        }
        this.links = List.copyOf(links);
    }

    public static StageReplicas of(StageLink... links) {
        return new StageReplicas(List.of(links));
    }

    public synchronized StageLink current() {
        return links.get(current);
    }

    /**
     * Gives up on the current node and moves to the next.
     *
     * @throws StageUnavailableException when no replica is left
     */
    public synchronized StageLink failOver(StageUnavailableException cause) {
        if (current + 1 >= links.size()) {
            throw new StageUnavailableException(StageUnavailableException.Reason.UNREACHABLE, "every node serving "
                    + describe() + " has failed (last: " + cause.getMessage() + ")", cause);
        }
        current++;
        return links.get(current);
    }

    public synchronized String describe() {
        return links.get(current).describe();
    }

    @Override
    public void close() {
        for (StageLink link : links) {
            link.close();
        }
    }
}

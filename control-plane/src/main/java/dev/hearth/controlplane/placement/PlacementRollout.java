package dev.hearth.controlplane.placement;

import dev.hearth.model.placement.PlacementMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Moves the fleet from one placement to the next without failing a request — make before break:
 * <ol>
 *   <li>prepare: every node of the new placement loads what it gives it and keeps serving what the
 *       old one did, so steps routed by either version find their shards;</li>
 *   <li>switch: the gateway routes by the new map and the scheduling nodes move their pipelines to
 *       it (sequences on stages that moved are replayed onto their new nodes);</li>
 *   <li>commit: every node of either placement drops what the new one no longer gives it.</li>
 * </ol>
 * A node that fails to prepare stops the rollout before the switch: the fleet keeps serving the old
 * placement, with the prepared nodes holding some extra shards until the next rollout.
 */
public final class PlacementRollout {
    /** Pushes a placement to one node; returns the version it then follows. */
    @FunctionalInterface
    public interface NodePush {
        long push(String node, PlacementMap map, boolean prepare);
    }

    /** Points the gateway and the scheduling nodes at a placement. */
    @FunctionalInterface
    public interface Switch {
        void to(PlacementMap map);
    }

    /** What happened, node by node; {@code switched} false when the rollout stopped before the switch. */
    public record Report(long version, List<String> prepared, boolean switched, List<String> committed,
                         List<String> failures) {
    }

    private final NodePush push;
    private final Switch schedulers;

    public PlacementRollout(NodePush push, Switch schedulers) {
        this.push = push;
        this.schedulers = schedulers;
    }

    /**
     * @param from the placement the fleet follows now, or null for a first rollout
     */
    public Report apply(PlacementMap from, PlacementMap to) {
        if (from != null && to.version() <= from.version()) {
            throw new IllegalArgumentException("placement version " + to.version() + " does not follow version "
                    + from.version() + "; a new placement needs a higher version");
        }
        List<String> prepared = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String node : to.nodesUsed()) {
            try {
                push.push(node, to, true);
                prepared.add(node);
            } catch (RuntimeException e) {
                failures.add(node + ": " + e.getMessage());
                return new Report(to.version(), prepared, false, List.of(), failures);
            }
        }
        schedulers.to(to);
        Set<String> everyone = new TreeSet<>(to.nodesUsed());
        if (from != null) {
            everyone.addAll(from.nodesUsed());
        }
        List<String> committed = new ArrayList<>();
        for (String node : everyone) {
            try {
                push.push(node, to, false);
                committed.add(node);
            } catch (RuntimeException e) {
                // it keeps extra shards it no longer serves traffic for; the next rollout commits it
                failures.add(node + ": " + e.getMessage());
            }
        }
        return new Report(to.version(), prepared, true, committed, failures);
    }
}

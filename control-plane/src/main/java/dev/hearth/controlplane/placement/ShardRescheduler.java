package dev.hearth.controlplane.placement;

import dev.hearth.model.ActionType;
import dev.hearth.model.placement.NodeCapacity;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.PlannedAction;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reschedules an isolated node's shards when no standby can take them: the solver re-homes only the
 * replicas the node held (the fewest bytes moved), and the new map is rolled out make before break.
 * A map that cannot hold every replica, or a rollout that stops before its switch, leaves the fleet
 * on the placement it had: never a half-applied one.
 */
public final class ShardRescheduler implements FleetActuator {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final PlacementSolver solver;
    private final Supplier<PlacementMap> current;
    private final Supplier<List<NodeCapacity>> nodes;
    private final PlacementRollout rollout;
    private final Consumer<PlacementMap> adopted;
    private final Consumer<String> events;

    /**
     * @param current the placement the fleet follows now
     * @param nodes   every node that may hold shards, isolated ones included (they are left out here)
     * @param adopted told of the new placement once the fleet has switched to it
     */
    public ShardRescheduler(PlacementSolver solver, Supplier<PlacementMap> current, Supplier<List<NodeCapacity>> nodes,
                            PlacementRollout rollout, Consumer<PlacementMap> adopted, Consumer<String> events) {
        this.solver = solver;
        this.current = current;
        this.nodes = nodes;
        this.rollout = rollout;
        this.adopted = adopted;
        this.events = events;
    }

    @Override
    public void execute(PlannedAction action) throws ActuationException {
        if (action.type() != ActionType.RESCHEDULE_SHARDS) {
            throw new ActuationException("the shard rescheduler moves shards; it cannot "
                    + action.type().name().toLowerCase(Locale.ROOT), null);
        }
        PlacementMap from = current.get();
        if (from == null) {
            throw new ActuationException("this fleet follows no placement: every node runs the whole model and"
                    + " there is nothing of " + action.node() + "'s to move", null);
        }
        List<NodeCapacity> remaining = nodes.get().stream().filter(n -> !n.id().equals(action.node())).toList();
        PlacementSolution next;
        try {
            next = solver.resolve(from, remaining);
        } catch (PlacementException | IllegalArgumentException e) {
            throw new ActuationException("no placement without " + action.node() + " holds every shard replica ("
                    + e.getMessage() + "); the fleet stays on placement version " + from.version(), e);
        }
        if (next.moves().isEmpty()) {
            events.accept("reschedule " + action.node() + ": it held no shard replica; placement version "
                    + from.version() + " stands");
            return;
        }
        PlacementRollout.Report report = rollout.apply(from, next.map());
        if (!report.switched()) {
            throw ActuationException.retryable("placement version " + next.map().version() + " did not roll out ("
                    + String.join("; ", report.failures()) + "); the fleet stays on version " + from.version(), null);
        }
        adopted.accept(next.map());
        events.accept(String.format(Locale.ROOT, "placement version %d: %d shard replicas (%.2f GiB) moved off %s%s",
                next.map().version(), next.moves().size(), next.bytesMoved() / GIB, action.node(),
                report.failures().isEmpty() ? "" : "; not yet committed on: " + String.join("; ", report.failures())));
    }
}

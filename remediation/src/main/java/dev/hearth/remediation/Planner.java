package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.NodeState;
import dev.hearth.model.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns findings and the fleet's state into a plan. A pure function: no I/O, no clock of its own,
 * so every decision can be replayed from its inputs.
 * <ul>
 *   <li>a finding suggesting isolation isolates a serving node; a hardware fault (a kind in
 *       {@code repairKinds}) also opens one repair ticket per node and fault;</li>
 *   <li>a finding suggesting a ticket opens it, and a critical one isolates the node too;</li>
 *   <li>an isolated node that holds shards gets them back to their replication: onto a standby
 *       when there is one (promote), else by a new placement (reschedule);</li>
 *   <li>findings suggesting a rebalance set the gateway's weights of all serving nodes at once, from
 *       their latency and thermal headroom ({@link LoadWeights}); once calm, nodes go back to full weight;</li>
 *   <li>other suggestions (power state, restart, notify) are planned as the rule suggests;</li>
 *   <li>an isolated node free of findings for the hold-down is restored.</li>
 * </ul>
 * Actions whose id is among the view's recent actions were acted on already and are left out.
 */
public final class Planner {
    /** Xid faults that mean the card needs hands-on repair, not a restart. */
    public static final Set<String> DEFAULT_REPAIR_KINDS = Set.of("xid-48", "xid-63", "xid-64", "xid-74", "xid-79",
            "xid-92", "xid-94", "xid-95");

    /** Parameter of a promotion: the standby that takes the isolated node's shards. */
    public static final String STANDBY = "standby";
    /** Parameter of a restore: {@link #AS_STANDBY} when the node rejoins the reserve rather than serving. */
    public static final String RESTORE_AS = "as";
    public static final String AS_STANDBY = "standby";
    /** Parameter of a rebalance: {@code node=weight,...} (see {@link LoadWeights#format}). */
    public static final String WEIGHTS = "weights";

    /** Isolations of one node this close together count as relapses of one illness. */
    public static final Duration RELAPSE_WINDOW = Duration.ofHours(1);
    private static final int MAX_DOUBLINGS = 3;

    private final Duration holdDown;
    private final Set<String> repairKinds;

    /** @param holdDown how long an isolated node must stay free of findings before it is restored */
    public Planner(Duration holdDown) {
        this(holdDown, DEFAULT_REPAIR_KINDS);
    }

    public Planner(Duration holdDown, Set<String> repairKinds) {
        if (holdDown.isNegative()) {
            throw new IllegalArgumentException("the hold-down " + holdDown + " must not be negative");
        }
        this.holdDown = holdDown;
        this.repairKinds = Set.copyOf(repairKinds);
    }

    public Duration holdDown() {
        return holdDown;
    }

    /** The base hold-down doubled per relapse, at most {@code 2^MAX_DOUBLINGS} times. */
    public Duration holdDownOf(NodeStatus status) {
        return holdDown.multipliedBy(1L << Math.min(MAX_DOUBLINGS, status.relapses()));
    }

    /** Compatibility form: a view of node states only. */
    public List<PlannedAction> plan(List<Finding> findings, Map<String, NodeStatus> nodes, Instant now) {
        return plan(FleetView.of(nodes), findings, now).actions();
    }

    public Plan plan(FleetView view, List<Finding> findings, Instant now) {
        Map<String, PlannedAction> plan = new LinkedHashMap<>();
        Set<String> isolating = new HashSet<>();
        List<Finding> rebalancing = new java.util.ArrayList<>();
        // the most severe and oldest condition first, so guard limits spend themselves on what matters most
        List<Finding> ordered = findings.stream()
                .sorted(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::since))
                .toList();
        for (Finding f : ordered) {
            if (!view.knows(f.node())) {
                // planned as suggested so the guard refuses it with the reason, and the audit keeps it
                add(plan, view, new PlannedAction(f.suggestedAction(), f.node(), f, f.summary()));
                continue;
            }
            switch (f.suggestedAction()) {
                case ISOLATE -> {
                    isolate(plan, view, f, isolating);
                    if (repairKinds.contains(f.kind())) {
                        ticket(plan, view, ActionType.OPEN_REPAIR_TICKET, f);
                    }
                }
                case OPEN_REPAIR_TICKET, OPEN_REPLACEMENT_TICKET -> {
                    if (f.severity() == Severity.CRITICAL) {
                        isolate(plan, view, f, isolating);
                    }
                    ticket(plan, view, f.suggestedAction(), f);
                }
                case RESTORE -> {
                    // restores follow the hold-down, never a rule's say-so
                }
                case REBALANCE -> {
                    if (view.load().isEmpty()) {
                        // a fleet that reports no load cannot be weighted: the backend says why, on the record
                        add(plan, view, new PlannedAction(f.suggestedAction(), f.node(), f, f.summary()));
                    } else {
                        rebalancing.add(f);
                    }
                }
                default -> add(plan, view, new PlannedAction(f.suggestedAction(), f.node(), f, f.summary()));
            }
        }
        rebalance(plan, view, rebalancing);
        Set<String> named = new HashSet<>();
        findings.forEach(f -> named.add(f.node()));
        for (NodeStatus status : view.nodes().values()) {
            if (status.state() != NodeState.ISOLATED) {
                continue;
            }
            followUp(plan, view, status, named);
            Duration hold = holdDownOf(status);
            if (!named.contains(status.node()) && status.healthySince() != null
                    && !Duration.between(status.healthySince(), now).minus(hold).isNegative()) {
                // a node whose shards moved elsewhere, or a standby set aside, rejoins the reserve
                boolean toReserve = status.cause() == null
                        || view.placement() != null && view.shardsOn(status.node()).isEmpty();
                add(plan, view, new PlannedAction(ActionIds.hash("RESTORE", status.node(),
                        Long.toString(status.since().toEpochMilli())), ActionType.RESTORE, status.node(), null,
                        "no finding for " + Duration.between(status.healthySince(), now).toSeconds()
                                + " s (hold-down " + hold.toSeconds() + " s" + (status.relapses() == 0 ? ""
                                : ", doubled for each of " + status.relapses() + " earlier isolation"
                                + (status.relapses() == 1 ? "" : "s") + " within " + RELAPSE_WINDOW.toMinutes()
                                + " min") + ")"
                                + (toReserve ? "; rejoins as a standby: it holds no shards now" : ""),
                        toReserve ? Map.of(RESTORE_AS, AS_STANDBY) : Map.of()));
            }
        }
        return new Plan(List.copyOf(plan.values()));
    }

    /**
     * One fleet-wide weighting: toward the load's target while a finding asks for it, back to full weight
     * for the nodes that calmed down once none does. Its id is the weights before and after.
     */
    private static void rebalance(Map<String, PlannedAction> plan, FleetView view, List<Finding> findings) {
        Map<String, NodeLoad> serving = new LinkedHashMap<>();
        view.load().forEach((node, load) -> {
            NodeStatus s = view.nodes().get(node);
            if (s != null && s.state() == NodeState.SERVING) {
                serving.put(node, load);
            }
        });
        if (serving.isEmpty()) {
            return;
        }
        Map<String, Double> next = findings.isEmpty() ? LoadWeights.relaxed(serving) : LoadWeights.target(serving);
        if (!LoadWeights.significant(serving, next)) {
            return;
        }
        List<String> changes = new java.util.ArrayList<>();
        next.forEach((node, w) -> {
            NodeLoad l = serving.get(node);
            if (Math.abs(l.weight() - w) >= LoadWeights.SIGNIFICANT - 1e-9) {
                changes.add(String.format(java.util.Locale.ROOT, "%s %.2f → %.2f (P99 %s, GPU %s)", node, l.weight(),
                        w, Double.isNaN(l.p99Seconds()) ? "unknown" : String.format(java.util.Locale.ROOT, "%.3f s",
                                l.p99Seconds()), Double.isNaN(l.gpuCelsius()) ? "unknown"
                                : String.format(java.util.Locale.ROOT, "%.1f °C", l.gpuCelsius())));
            }
        });
        String weights = LoadWeights.format(next);
        Finding cause = findings.isEmpty() ? null : findings.get(0);
        String why = findings.isEmpty() ? "no finding asks for less traffic: full weight again for the nodes that"
                + " calmed down" : findings.stream().map(f -> f.node() + ": " + f.summary()).distinct()
                .collect(java.util.stream.Collectors.joining("; "));
        Map<String, Double> current = new LinkedHashMap<>();
        serving.forEach((node, l) -> current.put(node, l.weight()));
        // not checked against recent actions: the weights the gateway has now are what says it was done
        PlannedAction action = new PlannedAction(ActionIds.hash("REBALANCE", LoadWeights.format(current), weights),
                ActionType.REBALANCE, FleetView.FLEET, cause, "gateway weights " + String.join(", ", changes) + " — "
                + why, Map.of(WEIGHTS, weights));
        plan.putIfAbsent(action.id(), action);
    }

    private void isolate(Map<String, PlannedAction> plan, FleetView view, Finding f, Set<String> isolating) {
        NodeStatus status = view.nodes().get(f.node());
        if (status != null && status.state() == NodeState.SERVING && isolating.add(f.node())) {
            add(plan, view, new PlannedAction(ActionType.ISOLATE, f.node(), f, f.summary()));
        }
    }

    /** One ticket per node and fault: its id leaves out when the fault started. */
    private static void ticket(Map<String, PlannedAction> plan, FleetView view, ActionType type, Finding f) {
        add(plan, view, new PlannedAction(ActionIds.hash(type.name(), f.node(), f.kind()), type, f.node(), f,
                f.summary(), Map.of("kind", f.kind())));
    }

    /** Brings the shards an isolated node held back to their replication, once per isolation. */
    private static void followUp(Map<String, PlannedAction> plan, FleetView view, NodeStatus status,
                                 Set<String> named) {
        if (status.cause() == null || view.shardsOn(status.node()).isEmpty()) {
            return;
        }
        String since = Long.toString(status.since().toEpochMilli());
        // a standby something is wrong with is no replacement
        List<String> free = view.standbys().stream().filter(s -> !view.isolated(s) && !named.contains(s)).toList();
        if (!free.isEmpty()) {
            add(plan, view, new PlannedAction(ActionIds.hash("PROMOTE_STANDBY", status.node(), since),
                    ActionType.PROMOTE_STANDBY, status.node(), status.cause(), "load " + status.node()
                    + "'s shards onto standby " + free.get(0) + " and route to it after a good canary",
                    Map.of(STANDBY, free.get(0))));
        } else {
            add(plan, view, new PlannedAction(ActionIds.hash("RESCHEDULE_SHARDS", status.node(), since),
                    ActionType.RESCHEDULE_SHARDS, status.node(), status.cause(), "no standby is free: move "
                    + status.node() + "'s shards by a new placement that moves the fewest bytes", Map.of()));
        }
    }

    private static void add(Map<String, PlannedAction> plan, FleetView view, PlannedAction action) {
        if (!view.recentActions().contains(action.id())) {
            plan.putIfAbsent(action.id(), action);
        }
    }
}

package dev.hearth.controlplane.placement;

import static dev.hearth.controlplane.placement.FleetState.NONE;

import dev.hearth.model.placement.NodeCapacity;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardMove;
import dev.hearth.model.placement.ShardPlacement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Puts every shard's replicas on nodes, and re-homes them when nodes come and go.
 *
 * <p>Rules, hard first: a node holds no more weight than its memory minus its KV budget; the replicas
 * of a shard sit on distinct nodes; {@code spares} nodes stay empty (a first solve refuses when the
 * fleet cannot hold the model that way). Then, as far as the fleet allows: replicas of a shard in
 * different households and buildings, so one tripped breaker or switch costs one copy; every
 * pipeline replica inside one building, stage after stage, with each stage's expert groups beside
 * it, since every token crosses from a stage to its experts and on to the next stage, and a building
 * switch is cheaper than the spine; nodes filled before empty ones are opened.
 *
 * <p>Greedy and deterministic: the same shards and nodes give the same placement, whatever order the
 * nodes come in. A stage and its expert groups (a unit) are packed into one building when a building
 * has room for them, best fit; a unit too large for any building spills over, nearest first.
 */
public final class PlacementSolver {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final PlacementPolicy policy;

    public PlacementSolver(PlacementPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * A first placement (version 1) of {@code shards} on {@code nodes}.
     *
     * @throws PlacementException when the fleet cannot hold every replica with the spares kept
     */
    public PlacementSolution solve(List<Shard> shards, List<NodeCapacity> nodes) {
        requireInput(shards, nodes);
        FleetState state = new FleetState(nodes, shards, policy.replication());
        List<List<Integer>> units = units(shards);
        boolean[] reserved = reserveSpares(state);
        checkCapacity(state, reserved);
        for (int r = 0; r < policy.replication(); r++) {
            int previous = NONE;
            for (List<Integer> unit : units) {
                previous = placeUnit(state, unit, r, previous, reserved);
            }
        }
        return new PlacementSolution(map(state, 1), spares(state), List.of());
    }

    /**
     * A placement for a changed fleet that moves the fewest bytes: every shard replica whose node is
     * still in {@code nodes} (and still has room for it) stays; only the others are re-homed, each
     * beside its pipeline replica where there is room, onto filled nodes before spares. A node that
     * joins becomes a spare: nothing moves to it, since a move costs network and a replica's
     * locality, and it is the standby the next loss uses. The version goes up only when something
     * moved.
     *
     * @throws PlacementException when a shard replica finds no node with room
     */
    public PlacementSolution resolve(PlacementMap previous, List<NodeCapacity> nodes) {
        Objects.requireNonNull(previous, "previous");
        if (previous.replication() != policy.replication()) {
            throw new IllegalArgumentException("the previous placement has replication " + previous.replication()
                    + " but this solver keeps " + policy.replication() + "; solve anew to change replication");
        }
        List<Shard> shards = previous.shards().stream().map(ShardPlacement::shard).toList();
        requireInput(shards, nodes);
        FleetState state = new FleetState(nodes, shards, policy.replication());
        List<int[]> homeless = new ArrayList<>();
        for (int s = 0; s < shards.size(); s++) {
            List<String> held = previous.shards().get(s).nodes();
            for (int r = 0; r < held.size(); r++) {
                int node = state.indexOf(held.get(r));
                if (node == NONE) {
                    homeless.add(new int[] {s, r});
                } else {
                    state.assign(s, r, node);
                }
            }
        }
        // a node whose memory or KV budget shrank below its shards gives up as few bytes as it can
        for (int node = 0; node < state.size(); node++) {
            while (state.free[node] < 0) {
                int code = evictee(state, node);
                state.unassign(code / policy.replication(), code % policy.replication());
                homeless.add(new int[] {code / policy.replication(), code % policy.replication()});
            }
        }
        // largest first (a stage before expert groups): it needs the emptiest node and anchors its unit
        homeless.sort(Comparator.<int[]>comparingLong(h -> -shards.get(h[0]).bytes())
                .thenComparingInt(h -> h[0]).thenComparingInt(h -> h[1]));
        List<List<Integer>> units = units(shards);
        int[] unitOf = new int[shards.size()];
        for (int u = 0; u < units.size(); u++) {
            for (int s : units.get(u)) {
                unitOf[s] = u;
            }
        }
        List<ShardMove> moves = new ArrayList<>();
        for (int[] h : homeless) {
            int shard = h[0];
            int replica = h[1];
            int anchor = state.anchorOf(replica, units.get(unitOf[shard]));
            int node = best(state, shard, replica, anchor, state.all, null);
            if (node == NONE) {
                throw new PlacementException(String.format("no live node has room for %s (%.2f GiB), replica %d of %d:"
                                + " the %d nodes have %.1f GiB free in all, in pieces too small or beside its other"
                                + " replicas; add nodes", shards.get(shard).id(), shards.get(shard).bytes() / GIB,
                        replica + 1, policy.replication(), state.size(), totalFree(state, null) / GIB));
            }
            state.assign(shard, replica, node);
            String from = previous.shards().get(shard).nodes().get(replica);
            if (from.equals(state.id(node))) {
                continue; // back where it was: nothing to copy
            }
            moves.add(new ShardMove(shards.get(shard).id(), replica, from, state.id(node), shards.get(shard).bytes()));
        }
        long version = moves.isEmpty() ? previous.version() : previous.version() + 1;
        return new PlacementSolution(map(state, version), spares(state), moves);
    }

    /**
     * Which shard replica an over-full node gives up next: the smallest that ends the overflow on its
     * own, else the largest (fewest bytes moved, in a few steps).
     */
    private int evictee(FleetState state, int node) {
        long overflow = -state.free[node];
        int fits = NONE;
        int largest = NONE;
        for (int code : state.held(node)) {
            long bytes = state.shards.get(code / policy.replication()).bytes();
            if (bytes >= overflow && (fits == NONE || bytes < state.shards.get(fits / policy.replication()).bytes())) {
                fits = code;
            }
            if (largest == NONE || bytes > state.shards.get(largest / policy.replication()).bytes()) {
                largest = code;
            }
        }
        return fits != NONE ? fits : largest;
    }

    private static void requireInput(List<Shard> shards, List<NodeCapacity> nodes) {
        Objects.requireNonNull(shards, "shards");
        Objects.requireNonNull(nodes, "nodes");
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("there are no shards to place; plan the model's shards first");
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the fleet has no nodes; give at least one node to place shards on");
        }
    }

    /** Shard indices grouped by stage, in stage order, each stage's own shard first. */
    private static List<List<Integer>> units(List<Shard> shards) {
        TreeMap<Integer, List<Integer>> byStage = new TreeMap<>();
        for (int s = 0; s < shards.size(); s++) {
            byStage.computeIfAbsent(shards.get(s).stage(), k -> new ArrayList<>()).add(s);
        }
        List<List<Integer>> units = new ArrayList<>();
        for (List<Integer> unit : byStage.values()) {
            unit.sort(Comparator.comparingInt((Integer s) -> shards.get(s).kind() == ShardKind.STAGE ? 0 : 1));
            units.add(unit);
        }
        return units;
    }

    /**
     * Keeps {@code spares} nodes out of the first placement: one building after another, the node of
     * each with the most memory (so a spare can take any shard), which spreads the standbys over
     * buildings, so one building's outage does not take them all.
     */
    private boolean[] reserveSpares(FleetState state) {
        int needed = policy.replication() + policy.spares();
        if (state.size() < needed) {
            throw new PlacementException("replication " + policy.replication() + " and " + policy.spares()
                    + " spares need at least " + needed + " nodes (each replica of a shard on its own node);"
                    + " the fleet has " + state.size() + ": add nodes, or lower replication or spares");
        }
        boolean[] reserved = new boolean[state.size()];
        int kept = 0;
        for (int turn = 0; kept < policy.spares(); turn++) {
            int best = NONE;
            for (int node : state.nodesByBuilding[turn % state.buildings()]) {
                if (!reserved[node] && (best == NONE || state.free[node] >= state.free[best])) {
                    best = node;
                }
            }
            if (best != NONE) {
                reserved[best] = true;
                kept++;
            }
        }
        return reserved;
    }

    private void checkCapacity(FleetState state, boolean[] reserved) {
        long largestNode = 0;
        for (int node = 0; node < state.size(); node++) {
            largestNode = reserved[node] ? largestNode : Math.max(largestNode, state.free[node]);
        }
        Shard largest = state.shards.stream().max(Comparator.comparingLong(Shard::bytes)).orElseThrow();
        if (largest.bytes() > largestNode) {
            throw new PlacementException(String.format("shard %s needs %.2f GiB but the largest node holds %.2f GiB of"
                            + " weights beside its KV budget; plan shards for that size, or lower the KV budget",
                    largest.id(), largest.bytes() / GIB, largestNode / GIB));
        }
        long model = state.shards.stream().mapToLong(Shard::bytes).sum();
        long needed = model * policy.replication();
        long room = totalFree(state, reserved);
        if (needed > room) {
            int open = state.size() - policy.spares();
            long perNode = room / open;
            long more = (needed - room + perNode - 1) / perNode;
            throw new PlacementException(String.format("the model needs %.1f GiB × %d replicas = %.1f GiB of weights, but"
                            + " the %d nodes left after %d spares hold %.1f GiB beside their KV budget; add at least"
                            + " %d nodes, or lower replication or the KV budget", model / GIB, policy.replication(),
                    needed / GIB, open, policy.spares(), room / GIB, more));
        }
    }

    /**
     * Places replica {@code replica} of one unit (a stage and its expert groups) and returns the
     * building it anchored in. Buildings are tried in order of preference: not holding another
     * replica of the unit, the building of the replica's previous stage, its spine, the most room.
     */
    private int placeUnit(FleetState state, List<Integer> unit, int replica, int previous, boolean[] reserved) {
        int buildings = state.buildings();
        boolean[] clash = new boolean[buildings];
        long need = 0;
        for (int shard : unit) {
            need += state.shards.get(shard).bytes();
            for (int r = 0; r < policy.replication(); r++) {
                if (r != replica && state.at[shard][r] != NONE) {
                    clash[state.building[state.at[shard][r]]] = true;
                }
            }
        }
        long[] room = new long[buildings];
        for (int node = 0; node < state.size(); node++) {
            room[state.building[node]] += reserved[node] ? 0 : state.free[node];
        }
        Integer[] order = IntStream.range(0, buildings).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingInt(b -> clash[b] ? 1 : 0)
                .thenComparingInt(b -> b == previous ? 0 : 1)
                .thenComparingInt(b -> previous == NONE || state.buildingSpine[b] == state.buildingSpine[previous] ? 0 : 1)
                .thenComparingLong(b -> -room[b])
                .thenComparingInt(b -> b));
        for (int b : order) {
            if (room[b] >= need && packInto(state, unit, replica, b, reserved)) {
                return b;
            }
        }
        // no building holds the whole unit: shard by shard, as close to the stage shard as there is room
        int anchor = order[0];
        for (int shard : unit) {
            int node = best(state, shard, replica, anchor, state.all, reserved);
            if (node == NONE) {
                throw noRoom(state, shard, replica, reserved);
            }
            state.assign(shard, replica, node);
            anchor = shard == unit.get(0) ? state.building[node] : anchor;
        }
        return anchor;
    }

    /** Packs the whole unit into building {@code b}, or leaves the state as it was and returns false. */
    private boolean packInto(FleetState state, List<Integer> unit, int replica, int b, boolean[] reserved) {
        for (int i = 0; i < unit.size(); i++) {
            int node = best(state, unit.get(i), replica, b, state.nodesByBuilding[b], reserved);
            if (node == NONE) {
                for (int j = 0; j < i; j++) {
                    state.unassign(unit.get(j), replica);
                }
                return false;
            }
            state.assign(unit.get(i), replica, node);
        }
        return true;
    }

    /**
     * The best node among {@code candidates} for one shard replica, or {@link #NONE}. Must: room for
     * it, no other replica of it, not a reserved spare. Then, in order: a household without another
     * replica of it; in the anchor building, else on its spine; a building without another replica;
     * a node that serves no other pipeline replica (one node lost degrades one replica); a node
     * already in use; the least room left after it (best fit); the lowest id.
     */
    private int best(FleetState state, int shard, int replica, int anchor, int[] candidates, boolean[] reserved) {
        long bytes = state.shards.get(shard).bytes();
        int[] others = state.at[shard];
        int anchorSpine = anchor == NONE ? NONE : state.buildingSpine[anchor];
        int best = NONE;
        long bestRank = Long.MAX_VALUE;
        long bestLeft = Long.MAX_VALUE;
        for (int node : candidates) {
            if (state.free[node] < bytes || (reserved != null && reserved[node])) {
                continue;
            }
            int household = 0;
            int building = 0;
            boolean taken = false;
            for (int r = 0; r < others.length; r++) {
                int other = others[r];
                if (r == replica || other == NONE) {
                    continue;
                }
                taken |= other == node;
                household |= state.household[other] == state.household[node] ? 1 : 0;
                building |= state.building[other] == state.building[node] ? 1 : 0;
            }
            if (taken) {
                continue;
            }
            int locality = anchor == NONE || state.building[node] == anchor ? 0
                    : state.spine[node] == anchorSpine ? 1 : 2;
            int mixed = state.servesOtherReplica(node, replica) ? 1 : 0;
            int opens = state.isEmpty(node) ? 1 : 0;
            long rank = (((household * 3L + locality) * 2 + building) * 2 + mixed) * 2 + opens;
            long left = state.free[node] - bytes;
            if (rank < bestRank || (rank == bestRank && left < bestLeft)) {
                best = node;
                bestRank = rank;
                bestLeft = left;
            }
        }
        return best;
    }

    private PlacementException noRoom(FleetState state, int shard, int replica, boolean[] reserved) {
        Shard s = state.shards.get(shard);
        return new PlacementException(String.format("no node has room for %s (%.2f GiB), replica %d of %d: the %d nodes"
                        + " left after %d spares have %.1f GiB free in all, in pieces too small; add nodes, or lower"
                        + " replication or the KV budget", s.id(), s.bytes() / GIB, replica + 1, policy.replication(),
                state.size() - policy.spares(), policy.spares(), totalFree(state, reserved) / GIB));
    }

    private static long totalFree(FleetState state, boolean[] reserved) {
        long total = 0;
        for (int node = 0; node < state.size(); node++) {
            total += reserved != null && reserved[node] ? 0 : state.free[node];
        }
        return total;
    }

    private static PlacementMap map(FleetState state, long version) {
        List<ShardPlacement> placements = new ArrayList<>(state.shards.size());
        for (int s = 0; s < state.shards.size(); s++) {
            List<String> nodes = new ArrayList<>(state.replication);
            for (int node : state.at[s]) {
                nodes.add(state.id(node));
            }
            placements.add(new ShardPlacement(state.shards.get(s), nodes));
        }
        return new PlacementMap(version, state.replication, placements);
    }

    private static List<String> spares(FleetState state) {
        return IntStream.range(0, state.size()).filter(state::isEmpty).mapToObj(state::id).toList();
    }
}

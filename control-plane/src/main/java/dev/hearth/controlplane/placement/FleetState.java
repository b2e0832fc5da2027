package dev.hearth.controlplane.placement;

import dev.hearth.model.placement.NodeCapacity;
import dev.hearth.model.placement.Shard;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The solver's working state: nodes in id order with their free weight memory and topology as small
 * integers, and which node holds each shard replica. Mutable; one per solve.
 */
final class FleetState {
    static final int NONE = -1;

    final List<NodeCapacity> nodes;
    final List<Shard> shards;
    final int replication;
    final int[] household;
    final int[] building;
    final int[] spine;
    final int[] buildingSpine;
    final List<String> buildingNames = new ArrayList<>();
    /** Node indices of each building, in id order. */
    final int[][] nodesByBuilding;
    /** Every node index, in id order. */
    final int[] all;
    final long[] free;
    /** {@code at[shard][replica]}: index of the node holding that replica, or {@link #NONE}. */
    final int[][] at;
    /** Per node: the shard replicas it holds, each as {@code shard * replication + replica}. */
    private final List<List<Integer>> held = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    FleetState(List<NodeCapacity> fleet, List<Shard> shards, int replication) {
        this.nodes = fleet.stream().sorted(Comparator.comparing(NodeCapacity::id)).toList();
        this.shards = List.copyOf(shards);
        this.replication = replication;
        int n = nodes.size();
        household = new int[n];
        building = new int[n];
        spine = new int[n];
        free = new long[n];
        Map<String, Integer> households = new HashMap<>();
        Map<String, Integer> buildings = new HashMap<>();
        Map<String, Integer> spines = new HashMap<>();
        List<Integer> spineOfBuilding = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NodeCapacity node = nodes.get(i);
            if (index.put(node.id(), i) != null) {
                throw new IllegalArgumentException("node " + node.id() + " is listed twice; give every node once");
            }
            var topology = node.node().topology();
            household[i] = households.computeIfAbsent(topology.household(), k -> households.size());
            spine[i] = spines.computeIfAbsent(topology.spine(), k -> spines.size());
            int s = spine[i];
            building[i] = buildings.computeIfAbsent(topology.building(), k -> {
                buildingNames.add(k);
                spineOfBuilding.add(s);
                return buildings.size();
            });
            free[i] = node.weightBytes();
            held.add(new ArrayList<>(4));
        }
        buildingSpine = spineOfBuilding.stream().mapToInt(Integer::intValue).toArray();
        nodesByBuilding = new int[buildingNames.size()][];
        for (int b = 0; b < nodesByBuilding.length; b++) {
            int current = b;
            nodesByBuilding[b] = IntStream.range(0, n).filter(i -> building[i] == current).toArray();
        }
        all = IntStream.range(0, n).toArray();
        at = new int[shards.size()][replication];
        for (int[] row : at) {
            Arrays.fill(row, NONE);
        }
        Set<String> ids = new HashSet<>();
        for (Shard s : shards) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("shard " + s.id() + " is listed twice; shard ids must be unique");
            }
        }
    }

    int size() {
        return nodes.size();
    }

    int buildings() {
        return buildingNames.size();
    }

    /** Index of node {@code id}, or {@link #NONE} when it is not in the fleet. */
    int indexOf(String id) {
        return index.getOrDefault(id, NONE);
    }

    String id(int node) {
        return nodes.get(node).id();
    }

    boolean isEmpty(int node) {
        return held.get(node).isEmpty();
    }

    List<Integer> held(int node) {
        return held.get(node);
    }

    void assign(int shard, int replica, int node) {
        at[shard][replica] = node;
        free[node] -= shards.get(shard).bytes();
        held.get(node).add(shard * replication + replica);
    }

    void unassign(int shard, int replica) {
        int node = at[shard][replica];
        at[shard][replica] = NONE;
        free[node] += shards.get(shard).bytes();
        held.get(node).remove(Integer.valueOf(shard * replication + replica));
    }

    /** Whether {@code node} holds a shard of a pipeline replica other than {@code replica}. */
    boolean servesOtherReplica(int node, int replica) {
        for (int code : held.get(node)) {
            if (code % replication != replica) {
                return true;
            }
        }
        return false;
    }

    /**
     * The building where replica {@code replica} of a stage's unit (its stage shard first, then its
     * expert groups) lives: its stage shard's, else that of its first expert group already placed;
     * {@link #NONE} when nothing of it is placed.
     */
    int anchorOf(int replica, List<Integer> unit) {
        for (int shard : unit) {
            int node = at[shard][replica];
            if (node != NONE) {
                return building[node];
            }
        }
        return NONE;
    }
}

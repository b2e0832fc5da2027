package dev.hearth.controlplane.placement;

import dev.hearth.model.Topology;
import dev.hearth.model.placement.NodeCapacity;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How well a placement keeps the rules that are preferences, counted over the fleet it was made for.
 *
 * @param stages                     pipeline stages of one replica
 * @param expertGroups               expert-group shards of one replica
 * @param nodesUsed                  nodes holding at least one shard
 * @param spares                     nodes of the fleet holding none
 * @param stageHops                  stage-to-next-stage hops over all pipeline replicas
 * @param stageHopsInBuilding        of those, hops that stay behind one building switch
 * @param replicasInOneBuilding      pipeline replicas whose stage shards all sit in one building
 * @param expertReplicasBesideStage  expert-group replicas in the same building as their stage's replica
 * @param shardsOverBuildings        shards whose replicas are all in different buildings
 * @param shardsOverHouseholds       shards whose replicas are all in different households
 * @param fullestNode                the node holding the most weight bytes (lowest id on a tie)
 * @param fullestNodeBytes           the bytes it holds
 */
public record PlacementSummary(int stages, int expertGroups, int nodesUsed, int spares, int stageHops,
                               int stageHopsInBuilding, int replicasInOneBuilding, int expertReplicasBesideStage,
                               int shardsOverBuildings, int shardsOverHouseholds, String fullestNode,
                               long fullestNodeBytes) {

    public static PlacementSummary of(PlacementMap map, List<NodeCapacity> fleet) {
        Map<String, Topology> where = new HashMap<>();
        fleet.forEach(n -> where.put(n.id(), n.node().topology()));
        int stages = 0;
        int groups = 0;
        for (ShardPlacement p : map.shards()) {
            stages += p.shard().kind() == ShardKind.STAGE ? 1 : 0;
            groups += p.shard().kind() == ShardKind.EXPERTS ? 1 : 0;
        }
        // building of each stage's replica r, by stage number
        List<Map<Integer, String>> stageBuilding = new ArrayList<>();
        for (int r = 0; r < map.replication(); r++) {
            Map<Integer, String> byStage = new TreeMap<>();
            for (ShardPlacement p : map.shards()) {
                if (p.shard().kind() == ShardKind.STAGE) {
                    byStage.put(p.shard().stage(), building(where, p.nodes().get(r)));
                }
            }
            stageBuilding.add(byStage);
        }
        int hops = 0;
        int hopsInside = 0;
        int wholeReplicas = 0;
        for (Map<Integer, String> byStage : stageBuilding) {
            List<String> buildings = List.copyOf(byStage.values());
            for (int i = 1; i < buildings.size(); i++) {
                hops++;
                hopsInside += buildings.get(i).equals(buildings.get(i - 1)) ? 1 : 0;
            }
            wholeReplicas += new HashSet<>(buildings).size() == 1 ? 1 : 0;
        }
        int beside = 0;
        int overBuildings = 0;
        int overHouseholds = 0;
        Map<String, Long> bytes = new TreeMap<>();
        for (ShardPlacement p : map.shards()) {
            Set<String> buildings = new HashSet<>();
            Set<String> households = new HashSet<>();
            for (int r = 0; r < p.nodes().size(); r++) {
                String node = p.nodes().get(r);
                bytes.merge(node, p.shard().bytes(), Long::sum);
                buildings.add(building(where, node));
                households.add(where.get(node).household());
                if (p.shard().kind() == ShardKind.EXPERTS
                        && building(where, node).equals(stageBuilding.get(r).get(p.shard().stage()))) {
                    beside++;
                }
            }
            overBuildings += buildings.size() == p.nodes().size() ? 1 : 0;
            overHouseholds += households.size() == p.nodes().size() ? 1 : 0;
        }
        String fullest = null;
        long most = 0;
        for (Map.Entry<String, Long> e : bytes.entrySet()) {
            if (e.getValue() > most) {
                fullest = e.getKey();
                most = e.getValue();
            }
        }
        return new PlacementSummary(stages, groups, bytes.size(), fleet.size() - bytes.size(), hops, hopsInside,
                wholeReplicas, beside, overBuildings, overHouseholds, fullest, most);
    }

    private static String building(Map<String, Topology> where, String node) {
        Topology t = where.get(node);
        if (t == null) {
            throw new IllegalArgumentException("node " + node + " of the placement is not in the fleet given; summarise"
                    + " a placement with the fleet it was solved for");
        }
        return t.building();
    }
}

package dev.hearth.rules.scenario;

import dev.hearth.rules.fleet.FleetSnapshot;

import java.util.List;

/** The fleet a scenario runs against; it stays the same for the whole timeline. */
public record ScenarioFleet(List<ScenarioNode> nodes, List<ScenarioShard> shards) {
    public ScenarioFleet {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        shards = shards == null ? List.of() : List.copyOf(shards);
    }

    static ScenarioFleet empty() {
        return new ScenarioFleet(List.of(), List.of());
    }

    FleetSnapshot snapshot() {
        return new FleetSnapshot(nodes.stream().map(ScenarioNode::status).toList(),
                shards.stream().map(ScenarioShard::assignment).toList());
    }
}

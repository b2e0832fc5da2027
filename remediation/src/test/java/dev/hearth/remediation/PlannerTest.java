package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.NodeState;
import dev.hearth.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.hearth.remediation.Findings.T0;
import static dev.hearth.remediation.Findings.overheat;
import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {
    private final Planner planner = new Planner(Duration.ofSeconds(60));

    private static Map<String, NodeStatus> fleet(NodeStatus... statuses) {
        Map<String, NodeStatus> m = new LinkedHashMap<>();
        for (NodeStatus s : statuses) {
            m.put(s.node(), s);
        }
        return m;
    }

    private static NodeStatus isolated(String node, java.time.Instant healthySince) {
        return new NodeStatus(node, NodeState.ISOLATED, T0, overheat(node, T0), healthySince);
    }

    @Test
    void isolatesAServingNodeThatAFindingNames() {
        List<PlannedAction> plan = planner.plan(List.of(overheat("node-2", T0)),
                fleet(NodeStatus.serving("node-1", T0), NodeStatus.serving("node-2", T0)), T0.plusSeconds(30));
        assertThat(plan).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.ISOLATE);
            assertThat(a.node()).isEqualTo("node-2");
            assertThat(a.cause().rule()).isEqualTo("GPU over temperature for 30 s");
            assertThat(a.reason()).contains("above 90 °C");
        });
    }

    @Test
    void doesNothingForNodesAlreadyIsolated() {
        assertThat(planner.plan(List.of(overheat("node-2", T0)), fleet(isolated("node-2", null)), T0.plusSeconds(30)))
                .isEmpty();
    }

    @Test
    void restoresOnlyAfterTheHoldDown() {
        Map<String, NodeStatus> nodes = fleet(isolated("node-2", T0.plusSeconds(100)));
        assertThat(planner.plan(List.of(), nodes, T0.plusSeconds(159))).isEmpty();
        assertThat(planner.plan(List.of(), nodes, T0.plusSeconds(160))).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.RESTORE);
            assertThat(a.cause()).isNull();
            assertThat(a.reason()).isEqualTo("no finding for 60 s (hold-down 60 s)");
        });
    }

    @Test
    void mostSevereAndOldestFindingsComeFirstAndOnePerNode() {
        Finding warning = Findings.finding("node-1", Severity.WARNING, T0);
        Finding newer = overheat("node-2", T0.plusSeconds(10));
        Finding older = overheat("node-3", T0.plusSeconds(5));
        Finding duplicate = Findings.finding("node-3", Severity.WARNING, T0);
        List<PlannedAction> plan = planner.plan(List.of(warning, newer, older, duplicate),
                fleet(NodeStatus.serving("node-1", T0), NodeStatus.serving("node-2", T0),
                        NodeStatus.serving("node-3", T0)), T0.plusSeconds(60));
        assertThat(plan).extracting(PlannedAction::node).containsExactly("node-3", "node-2", "node-1");
    }

    @Test
    void anXid79IsolatesAndOpensOneTicketPerNodeAndFault() {
        Map<String, NodeStatus> nodes = fleet(NodeStatus.serving("node-1", T0), NodeStatus.serving("node-2", T0));
        Plan first = planner.plan(FleetView.of(nodes), List.of(Findings.xid79("node-2", T0)), T0.plusSeconds(2));
        assertThat(first.actions()).extracting(PlannedAction::type)
                .containsExactly(ActionType.ISOLATE, ActionType.OPEN_REPAIR_TICKET);
        assertThat(first.actions().get(1).parameter("kind")).isEqualTo("xid-79");
        assertThat(first.summary()).isEqualTo("isolate node-2, open_repair_ticket node-2");
        // the same fault seen again later (a new 'since'): the ticket's id is the same, so it is opened once
        Plan again = planner.plan(FleetView.of(nodes), List.of(Findings.xid79("node-2", T0.plusSeconds(60))),
                T0.plusSeconds(62));
        assertThat(again.actions().get(1).id()).isEqualTo(first.actions().get(1).id());
        assertThat(again.actions().get(0).id()).isNotEqualTo(first.actions().get(0).id());
    }

    @Test
    void actionsAlreadyTakenAreLeftOut() {
        Map<String, NodeStatus> nodes = fleet(NodeStatus.serving("node-1", T0), NodeStatus.serving("node-2", T0));
        Plan first = planner.plan(FleetView.of(nodes), List.of(Findings.xid79("node-2", T0)), T0);
        FleetView afterwards = new FleetView(nodes, null, List.of(), null,
                java.util.Set.of(first.actions().get(1).id()));
        assertThat(planner.plan(afterwards, List.of(Findings.xid79("node-2", T0)), T0).actions())
                .extracting(PlannedAction::type).containsExactly(ActionType.ISOLATE);
    }

    @Test
    void anIsolatedNodesShardsGoToAStandbyOrANewPlacement() {
        var placement = new dev.hearth.model.placement.PlacementMap(1, 2, List.of(
                new dev.hearth.model.placement.ShardPlacement(dev.hearth.model.placement.Shard.stage(0, 0, 4, 10),
                        List.of("node-1", "node-2"))));
        Map<String, NodeStatus> nodes = fleet(NodeStatus.serving("node-1", T0), isolated("node-2", null),
                NodeStatus.serving("spare-1", T0));
        Plan withStandby = planner.plan(new FleetView(nodes, placement, List.of("spare-1"), null, java.util.Set.of()),
                List.of(overheat("node-2", T0)), T0.plusSeconds(5));
        assertThat(withStandby.actions()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.PROMOTE_STANDBY);
            assertThat(a.parameter("standby")).isEqualTo("spare-1");
        });
        Plan without = planner.plan(new FleetView(nodes, placement, List.of(), null, java.util.Set.of()),
                List.of(overheat("node-2", T0)), T0.plusSeconds(5));
        assertThat(without.actions()).extracting(PlannedAction::type).containsExactly(ActionType.RESCHEDULE_SHARDS);
        // in a fleet where every node runs the whole model there is nothing to move
        assertThat(planner.plan(FleetView.of(nodes), List.of(overheat("node-2", T0)), T0).actions()).isEmpty();
    }

    @Test
    void findingsForUnknownNodesArePlannedSoTheGuardCanRefuseThemOnTheRecord() {
        Plan plan = planner.plan(FleetView.of(fleet(NodeStatus.serving("node-1", T0))),
                List.of(overheat("node-9", T0)), T0);
        assertThat(plan.actions()).extracting(PlannedAction::node).containsExactly("node-9");
    }

    @Test
    void otherSuggestionsArePlannedAsTheRuleSuggests() {
        Plan plan = planner.plan(FleetView.of(fleet(NodeStatus.serving("node-1", T0))),
                List.of(Findings.suggesting("node-1", ActionType.REBALANCE, T0),
                        Findings.suggesting("fleet", ActionType.SET_POWER_STATE, T0)), T0);
        assertThat(plan.actions()).extracting(PlannedAction::type, PlannedAction::node).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ActionType.REBALANCE, "node-1"),
                org.assertj.core.groups.Tuple.tuple(ActionType.SET_POWER_STATE, "fleet"));
    }
}

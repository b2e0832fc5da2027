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
    void doesNothingForNodesAlreadyIsolatedOrUnknown() {
        assertThat(planner.plan(List.of(overheat("node-2", T0), overheat("node-9", T0)),
                fleet(isolated("node-2", null)), T0.plusSeconds(30))).isEmpty();
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
}

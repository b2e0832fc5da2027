package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.hearth.remediation.Findings.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gateway weights from latency and thermal headroom, and the planner's one fleet-wide rebalance. */
class RebalanceTest {
    private final Planner planner = new Planner(Duration.ofSeconds(60));

    private static Map<String, NodeLoad> load(NodeLoad... nodes) {
        Map<String, NodeLoad> m = new LinkedHashMap<>();
        for (NodeLoad n : nodes) {
            m.put(n.node(), n);
        }
        return m;
    }

    private static FleetView view(Map<String, NodeLoad> load) {
        Map<String, NodeStatus> nodes = new LinkedHashMap<>();
        load.keySet().forEach(n -> nodes.put(n, NodeStatus.serving(n, T0)));
        return new FleetView(nodes, null, List.of(), null, Set.of(), load);
    }

    @Test
    void weightsFollowLatencyAgainstTheMedianAndThermalHeadroom() {
        Map<String, Double> w = LoadWeights.target(load(new NodeLoad("a", 0.30, 60, 1), new NodeLoad("b", 1.20, 60, 1),
                new NodeLoad("c", 0.30, 85, 1), new NodeLoad("d", Double.NaN, Double.NaN, 1),
                new NodeLoad("e", 0.80, 88, 1)));
        // median P99 of a, b, c, e = (0.30 + 0.80) / 2 = 0.55: b (1.20) is beyond 1.5 × that, e (0.80) is not
        assertThat(w).containsExactly(Map.entry("a", 1.0), Map.entry("b", 0.46), Map.entry("c", 0.33),
                Map.entry("d", 1.0), Map.entry("e", 0.13));
    }

    @Test
    void aNodeFarInsideTheSloKeepsFullWeightHoweverItComparesWithTheMedian() {
        // 22 ms against a median of 10 ms is 2.2 ×, but every one of them is far inside the 600 ms SLO
        Map<String, NodeLoad> load = load(new NodeLoad("a", 0.010, 40, 1), new NodeLoad("b", 0.022, 40, 0.45),
                new NodeLoad("c", 0.009, 40, 1));
        assertThat(LoadWeights.target(load)).containsExactly(Map.entry("a", 1.0), Map.entry("b", 1.0),
                Map.entry("c", 1.0));
        assertThat(LoadWeights.relaxed(load)).containsEntry("b", 1.0);
        // from a tenth of a second on, the median comparison applies again
        assertThat(LoadWeights.target(load(new NodeLoad("a", 0.05, 40, 1), new NodeLoad("b", 0.2, 40, 1),
                new NodeLoad("c", 0.05, 40, 1)))).containsEntry("b", 0.25);
    }

    @Test
    void fullWeightReturnsOnlyWithAMarginBelowTheThresholds() {
        Map<String, NodeLoad> load = load(new NodeLoad("a", 0.3, 74, 0.4), new NodeLoad("b", 0.3, 71.9, 0.4),
                new NodeLoad("c", 0.5, 60, 0.5), new NodeLoad("d", 0.3, 60, 0.5));
        // a is below 75 °C but not below 72 °C; c is 1.67 × the median latency of 0.3 s
        assertThat(LoadWeights.relaxed(load)).containsExactly(Map.entry("a", 0.4), Map.entry("b", 1.0),
                Map.entry("c", 0.5), Map.entry("d", 1.0));
    }

    @Test
    void weightsTravelAsTextAndBadTextIsNamed() {
        Map<String, Double> w = new LinkedHashMap<>(Map.of("node-1", 1.0));
        w.put("node-2", 0.35);
        assertThat(LoadWeights.parse(LoadWeights.format(w))).isEqualTo(w);
        assertThatThrownBy(() -> LoadWeights.parse("node-1=1.00,node-2"))
                .hasMessage("'node-2' in the weights 'node-1=1.00,node-2' is not node=weight, e.g. node-2=0.35");
    }

    @Test
    void findingsAskingForARebalanceGiveOneFleetWideWeightingAndARepeatGivesNone() {
        Map<String, NodeLoad> load = load(new NodeLoad("node-1", 0.3, 60, 1), new NodeLoad("node-2", 1.2, 86, 1),
                new NodeLoad("node-3", 0.3, 60, 1));
        Finding slow = Findings.suggesting("node-2", ActionType.REBALANCE, T0);
        Finding slowAgain = Findings.suggesting("node-2", ActionType.REBALANCE, T0.plusSeconds(5));
        Plan plan = planner.plan(view(load), List.of(slow, slowAgain), T0.plusSeconds(10));
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.REBALANCE);
            assertThat(a.node()).isEqualTo(FleetView.FLEET);
            // latency 0.3 / 1.2 = 0.25 times headroom (90 − 86) / 15 = 0.27 is 0.07: held at the 0.10 floor
            assertThat(a.parameter(Planner.WEIGHTS)).isEqualTo("node-1=1.00,node-2=0.10,node-3=1.00");
            assertThat(a.reason()).startsWith("gateway weights node-2 1.00 → 0.10 (P99 1.200 s, GPU 86.0 °C) — node-2: ");
        });
        // once the gateway has those weights, the same findings plan nothing more
        Map<String, NodeLoad> applied = load(new NodeLoad("node-1", 0.3, 60, 1), new NodeLoad("node-2", 1.2, 86, 0.1),
                new NodeLoad("node-3", 0.3, 60, 1));
        assertThat(planner.plan(view(applied), List.of(slow), T0.plusSeconds(20)).actions()).isEmpty();
        // hot and slow still, without a finding: it keeps its weight; cooled and calm: full weight again
        assertThat(planner.plan(view(applied), List.of(), T0.plusSeconds(30)).actions()).isEmpty();
        Map<String, NodeLoad> calm = load(new NodeLoad("node-1", 0.3, 60, 1), new NodeLoad("node-2", 0.35, 65, 0.1),
                new NodeLoad("node-3", 0.3, 60, 1));
        assertThat(planner.plan(view(calm), List.of(), T0.plusSeconds(40)).actions()).singleElement().satisfies(a -> {
            assertThat(a.parameter(Planner.WEIGHTS)).isEqualTo("node-1=1.00,node-2=1.00,node-3=1.00");
            assertThat(a.cause()).isNull();
            assertThat(a.reason()).endsWith("— no finding asks for less traffic: full weight again for the nodes that"
                    + " calmed down");
        });
    }

    @Test
    void aFleetThatReportsNoLoadGetsTheSuggestionAsIsForItsBackendToAnswer() {
        Finding slow = Findings.suggesting("node-2", ActionType.REBALANCE, T0);
        Map<String, NodeStatus> nodes = Map.of("node-2", NodeStatus.serving("node-2", T0));
        assertThat(planner.plan(FleetView.of(nodes), List.of(slow), T0).actions()).singleElement()
                .satisfies(a -> assertThat(a.node()).isEqualTo("node-2"));
    }
}

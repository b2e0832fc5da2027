package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.NodeState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.hearth.remediation.Findings.T0;
import static dev.hearth.remediation.Findings.overheat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardTest {

    private static Map<String, NodeStatus> fleet(int serving, int isolated) {
        Map<String, NodeStatus> m = new LinkedHashMap<>();
        for (int i = 0; i < serving + isolated; i++) {
            String id = "node-" + (i + 1);
            m.put(id, i < serving ? NodeStatus.serving(id, T0)
                    : new NodeStatus(id, NodeState.ISOLATED, T0, overheat(id, T0), null));
        }
        return m;
    }

    private static PlannedAction isolate(String node) {
        return new PlannedAction(ActionType.ISOLATE, node, overheat(node, T0), "hot");
    }

    @Test
    void refusesToIsolateMoreThanTheShare() {
        Guard guard = new Guard(new GuardPolicy(0.5, 10, Duration.ofMinutes(10)));
        assertThat(guard.check(isolate("node-1"), fleet(3, 1), T0).allowed()).isTrue();
        Verdict v = guard.check(isolate("node-1"), fleet(2, 2), T0);
        assertThat(v.allowed()).isFalse();
        assertThat(v.reason()).isEqualTo("isolating node-1 would isolate 3 of 4 nodes; at most 2 (50 %) may be"
                + " isolated at once");
    }

    @Test
    void aSingleNodeFleetIsNeverIsolatedAtHalfShare() {
        Guard guard = new Guard(GuardPolicy.defaults());
        assertThat(guard.check(isolate("node-1"), fleet(1, 0), T0).allowed()).isFalse();
    }

    @Test
    void rateLimitsIsolationsInASlidingWindow() {
        Guard guard = new Guard(new GuardPolicy(1.0, 2, Duration.ofMinutes(10)));
        Map<String, NodeStatus> nodes = fleet(10, 0);
        guard.executed(isolate("node-1"), T0);
        guard.executed(isolate("node-2"), T0.plusSeconds(60));
        Verdict refused = guard.check(isolate("node-3"), nodes, T0.plusSeconds(120));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reason()).isEqualTo("2 isolations in the last 10 min already; the limit is 2");
        Instant afterFirstExpired = T0.plus(Duration.ofMinutes(10)).plusSeconds(1);
        assertThat(guard.check(isolate("node-3"), nodes, afterFirstExpired).allowed()).isTrue();
    }

    @Test
    void restoresAreAlwaysAllowed() {
        Guard guard = new Guard(new GuardPolicy(0, 0, Duration.ofMinutes(1)));
        assertThat(guard.check(new PlannedAction(ActionType.RESTORE, "node-1", null, "healthy"), fleet(0, 1), T0)
                .allowed()).isTrue();
    }

    @Test
    void policyOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new GuardPolicy(1.5, 1, Duration.ofMinutes(1))).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new GuardPolicy(0.5, 1, Duration.ZERO)).hasMessageContaining("window");
    }
}

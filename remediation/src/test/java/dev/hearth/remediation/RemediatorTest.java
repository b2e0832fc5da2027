package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.NodeState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.hearth.remediation.Findings.T0;
import static dev.hearth.remediation.Findings.overheat;
import static org.assertj.core.api.Assertions.assertThat;

class RemediatorTest {
    private final RecordingActuatorDouble fleet = new RecordingActuatorDouble();
    private final InMemoryAuditLogDouble audit = new InMemoryAuditLogDouble();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Remediator remediator = new Remediator(List.of("node-1", "node-2", "node-3", "node-4"), T0,
            new Planner(Duration.ofSeconds(60)), new Guard(GuardPolicy.defaults()), fleet, audit, registry);

    private List<AuditEntry> tick(int second, Finding... findings) {
        return remediator.onFindings(List.of(findings), T0.plusSeconds(second));
    }

    private double state(String node, String state) {
        return registry.get("hearth_node_state").tag("node", node).tag("state", state).gauge().value();
    }

    @Test
    void isolatesOnceRecordsWhyAndRestoresAfterTheHoldDown() {
        Finding hot = overheat("node-2", T0);
        List<AuditEntry> first = tick(30, hot);
        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(ActionType.ISOLATE);
            assertThat(e.outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(e.rule()).isEqualTo("GPU over temperature for 30 s");
            assertThat(e.findingSince()).isEqualTo(T0);
            assertThat(e.at()).isEqualTo(T0.plusSeconds(30));
            assertThat(e.evidence()).hasSize(1);
        });
        assertThat(remediator.nodes().get("node-2").state()).isEqualTo(NodeState.ISOLATED);
        assertThat(remediator.nodes().get("node-2").cause()).isEqualTo(hot);
        assertThat(state("node-2", "isolated")).isEqualTo(1);
        assertThat(state("node-2", "serving")).isZero();

        assertThat(tick(32, hot)).isEmpty(); // the same finding again: nothing new
        assertThat(tick(34)).isEmpty();      // healthy from 34 s
        assertThat(tick(60, overheat("node-2", T0.plusSeconds(58)))).isEmpty(); // relapse resets the hold-down
        assertThat(tick(62)).isEmpty();      // healthy again from 62 s
        assertThat(tick(121)).isEmpty();
        assertThat(tick(122)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(ActionType.RESTORE);
            assertThat(e.outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(e.reason()).isEqualTo("no finding for 60 s (hold-down 60 s)");
        });
        assertThat(fleet.executed).extracting(PlannedAction::type, PlannedAction::node)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ActionType.ISOLATE, "node-2"),
                        org.assertj.core.groups.Tuple.tuple(ActionType.RESTORE, "node-2"));
        assertThat(audit.entries).hasSize(2);
        assertThat(remediator.nodes().get("node-2").state()).isEqualTo(NodeState.SERVING);
        assertThat(registry.get("hearth_remediation_actions").tag("action", "isolate").tag("verdict", "executed")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void aRefusalIsRecordedOnceWhileItStaysTheSame() {
        tick(10, overheat("node-1", T0), overheat("node-2", T0), overheat("node-3", T0));
        assertThat(audit.entries).extracting(AuditEntry::outcome)
                .containsExactly(Outcome.EXECUTED, Outcome.EXECUTED, Outcome.REFUSED);
        assertThat(audit.entries.get(2).reason()).contains("at most 2 (50 %)");
        tick(12, overheat("node-1", T0), overheat("node-2", T0), overheat("node-3", T0));
        assertThat(audit.entries).hasSize(3);
        assertThat(remediator.nodes().get("node-3").state()).isEqualTo(NodeState.SERVING);
    }

    @Test
    void aFailedActionIsRetriedNextCycle() {
        fleet.failWith = "gateway admin API at http://127.0.0.1:1 refused the connection";
        assertThat(tick(30, overheat("node-4", T0))).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.FAILED));
        assertThat(tick(32, overheat("node-4", T0))).isEmpty(); // same failure, not recorded again
        fleet.failWith = null;
        assertThat(tick(34, overheat("node-4", T0))).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.EXECUTED));
        assertThat(remediator.nodes().get("node-4").state()).isEqualTo(NodeState.ISOLATED);
    }

    @Test
    void decisionsTakenWhileTheAuditLogIsDownAreWrittenLaterInOrder() {
        audit.unavailable = true;
        tick(30, overheat("node-1", T0));
        assertThat(remediator.unwrittenAuditEntries()).isEqualTo(1);
        audit.unavailable = false;
        tick(32, overheat("node-1", T0), overheat("node-2", T0));
        assertThat(remediator.unwrittenAuditEntries()).isZero();
        assertThat(audit.entries).extracting(AuditEntry::node, AuditEntry::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("node-1", T0.plusSeconds(30)),
                        org.assertj.core.groups.Tuple.tuple("node-2", T0.plusSeconds(32)));
    }

    @Test
    void unrelatedFindingsDoNotResetAnotherNodesHoldDown() {
        tick(30, overheat("node-2", T0));
        tick(32);
        Instant end = T0.plusSeconds(92);
        assertThat(remediator.onFindings(List.of(overheat("node-3", T0.plusSeconds(60))), end))
                .extracting(AuditEntry::action, AuditEntry::node)
                .contains(org.assertj.core.groups.Tuple.tuple(ActionType.RESTORE, "node-2"),
                        org.assertj.core.groups.Tuple.tuple(ActionType.ISOLATE, "node-3"));
    }
}

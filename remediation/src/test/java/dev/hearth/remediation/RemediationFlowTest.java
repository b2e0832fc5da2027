package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.NodeState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.hearth.remediation.Findings.T0;
import static dev.hearth.remediation.Findings.overheat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** Plan → guard → mode → backend → audit, with the guard's state, approvals, retries and the breaker. */
class RemediationFlowTest {
    private final RecordingActuatorDouble fleet = new RecordingActuatorDouble();
    private final RecordingActuatorDouble tickets = new RecordingActuatorDouble();
    private final InMemoryAuditLogDouble audit = new InMemoryAuditLogDouble();
    private final InMemoryPendingActions pending = new InMemoryPendingActions();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Duration> waits = new ArrayList<>();
    private final ExecutorService calls = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        if (fleet.hang != null) {
            fleet.hang.countDown();
        }
        calls.shutdownNow();
    }

    private Remediator remediator(GuardPolicy policy, ActionModes modes) {
        Backends backends = Backends.of(fleet, ActionType.ISOLATE, ActionType.RESTORE)
                .with(ActionType.OPEN_REPAIR_TICKET, tickets)
                .notApplicable(ActionType.PROMOTE_STANDBY, "this fleet has no standbys");
        ActionExecutor executor = new ActionExecutor(backends, new RetryPolicy(3, Duration.ofMillis(200),
                Duration.ofSeconds(2), Duration.ofMillis(300)), waits::add, calls);
        return new Remediator(List.of("node-1", "node-2", "node-3", "node-4"), T0, new Planner(Duration.ofSeconds(10)),
                new Guard(policy), executor, modes, pending, audit, registry);
    }

    private static List<AuditEntry> tick(Remediator r, int second, Finding... findings) {
        return r.onFindings(List.of(findings), T0.plusSeconds(second));
    }

    @Test
    void threeNodesFailingWhenTwoMayGoRefusesTheThirdWithItsReasonOnce() {
        Remediator r = remediator(GuardPolicy.defaults(), ActionModes.automatic());
        List<AuditEntry> first = tick(r, 1, overheat("node-1", T0), overheat("node-2", T0), overheat("node-3", T0));
        assertThat(first).extracting(AuditEntry::node, AuditEntry::outcome, AuditEntry::verdict).containsExactly(
                tuple("node-1", Outcome.EXECUTED, "within-limits"), tuple("node-2", Outcome.EXECUTED, "within-limits"),
                tuple("node-3", Outcome.REFUSED, "max-share"));
        assertThat(first.get(2).reason()).isEqualTo("isolating node-3 would isolate 3 of 4 nodes; at most 2 (50 %) may"
                + " be isolated at once");
        assertThat(first.get(0).plan()).isEqualTo("isolate node-1, isolate node-2, isolate node-3");
        assertThat(tick(r, 2, overheat("node-1", T0), overheat("node-2", T0), overheat("node-3", T0))).isEmpty();
        assertThat(registry.get("hearth_remediation_refusals").tag("action", "isolate").tag("reason", "max-share")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void anXid79IsolatesAndOpensOneTicketThoughTheFindingRepeats() {
        Remediator r = remediator(GuardPolicy.defaults(), ActionModes.automatic());
        tick(r, 1, Findings.xid79("node-2", T0));
        tick(r, 2, Findings.xid79("node-2", T0.plusSeconds(2)));
        tick(r, 3, Findings.xid79("node-2", T0.plusSeconds(3)));
        assertThat(fleet.executed).extracting(PlannedAction::type).containsExactly(ActionType.ISOLATE);
        assertThat(tickets.executed).singleElement().satisfies(t -> {
            assertThat(t.node()).isEqualTo("node-2");
            assertThat(t.cause().kind()).isEqualTo("xid-79");
        });
        assertThat(audit.entries).extracting(AuditEntry::action, AuditEntry::outcome).containsExactly(
                tuple(ActionType.ISOLATE, Outcome.EXECUTED), tuple(ActionType.OPEN_REPAIR_TICKET, Outcome.EXECUTED));
    }

    @Test
    void aFlappingNodeIsIsolatedOnceAndStaysOutWhileItFlaps() {
        Remediator r = remediator(GuardPolicy.defaults(), ActionModes.automatic());
        for (int s = 1; s <= 60; s++) {
            // hot for 2 s, cool for 6 s: never cool for the 10 s hold-down
            boolean hot = s % 8 < 2;
            if (hot) {
                tick(r, s, overheat("node-2", T0.plusSeconds(s)));
            } else {
                tick(r, s);
            }
        }
        assertThat(fleet.executed).extracting(PlannedAction::type).containsExactly(ActionType.ISOLATE);
        assertThat(r.nodes().get("node-2").state()).isEqualTo(NodeState.ISOLATED);
        for (int s = 61; s <= 75; s++) {
            tick(r, s);
        }
        assertThat(fleet.executed).extracting(PlannedAction::type).containsExactly(ActionType.ISOLATE, ActionType.RESTORE);
    }

    @Test
    void aRestartKeepsATrippedBreakerTrippedAndTheWindowsCountedUntilAnOperatorResetsIt() {
        GuardPolicy policy = new GuardPolicy(1.0, 2, Duration.ofMinutes(10));
        Remediator before = remediator(policy, ActionModes.automatic());
        tick(before, 1, overheat("node-1", T0));
        tick(before, 2, overheat("node-1", T0), overheat("node-2", T0));
        tick(before, 3, overheat("node-1", T0), overheat("node-2", T0), overheat("node-3", T0));
        tick(before, 4, overheat("node-1", T0), overheat("node-2", T0), overheat("node-3", T0), overheat("node-4", T0));

        Remediator restarted = remediator(policy, ActionModes.automatic());
        assertThat(restarted.breaker().tripped()).as("a fresh remediator starts closed").isFalse();
        GuardState.Breaker recovered = restarted.recover(T0.plusSeconds(10));
        assertThat(recovered.tripped()).isTrue();
        assertThat(recovered.trippedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(recovered.reason()).startsWith("2 isolations in the last 600 s already; the limit is 2");

        restarted.resetBreaker(T0.plusSeconds(11));
        Remediator again = remediator(policy, ActionModes.automatic());
        assertThat(again.recover(T0.plusSeconds(12)).tripped()).as("the reset is in the audit too").isFalse();
        // the reset forgot the isolations it counted: the next one goes ahead
        tick(again, 13, overheat("node-3", T0));
        assertThat(again.nodes().get("node-3").state()).isEqualTo(NodeState.ISOLATED);
    }

    @Test
    void aNodeThatRelapsesStaysOutTwiceAsLongEachTime() {
        Remediator r = remediator(GuardPolicy.defaults(), ActionModes.automatic());
        tick(r, 1, overheat("node-2", T0));
        tick(r, 2);
        assertThat(tick(r, 12)).extracting(AuditEntry::action).containsExactly(ActionType.RESTORE);
        // sick again within the hour: the 10 s hold-down doubles
        tick(r, 20, overheat("node-2", T0.plusSeconds(20)));
        assertThat(r.nodes().get("node-2").relapses()).isEqualTo(1);
        tick(r, 21);
        assertThat(tick(r, 31)).isEmpty();
        assertThat(tick(r, 41)).singleElement().satisfies(e -> assertThat(e.reason())
                .isEqualTo("no finding for 20 s (hold-down 20 s, doubled for each of 1 earlier isolation within 60 min)"));
        tick(r, 50, overheat("node-2", T0.plusSeconds(50)));
        tick(r, 51);
        assertThat(tick(r, 90)).isEmpty();
        assertThat(tick(r, 91)).extracting(AuditEntry::action).containsExactly(ActionType.RESTORE);
        // an hour later the slate is clean
        tick(r, 4000, overheat("node-2", T0.plusSeconds(4000)));
        assertThat(r.nodes().get("node-2").relapses()).isZero();
    }

    @Test
    void theBreakerTripsAtTheThresholdAndBlocksUntilAnOperatorResetsIt() {
        Remediator r = remediator(new GuardPolicy(1.0, 2, Duration.ofMinutes(10)), ActionModes.automatic());
        tick(r, 1, overheat("node-1", T0));
        tick(r, 2, overheat("node-1", T0), overheat("node-2", T0));
        List<AuditEntry> third = tick(r, 3, overheat("node-1", T0), overheat("node-2", T0), overheat("node-3", T0));
        assertThat(third).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(e.verdict()).isEqualTo("breaker");
            assertThat(e.reason()).startsWith("2 isolations in the last 600 s already; the limit is 2");
        });
        assertThat(r.breaker().tripped()).isTrue();
        assertThat(registry.get("hearth_remediation_breaker_open").gauge().value()).isEqualTo(1);
        // an hour later the window is empty, but the breaker still holds
        List<AuditEntry> later = tick(r, 3600, overheat("node-3", T0), overheat("node-4", T0));
        assertThat(later).extracting(AuditEntry::node, AuditEntry::verdict)
                .containsExactly(tuple("node-3", "breaker"), tuple("node-4", "breaker"));
        assertThat(r.nodes().get("node-3").state()).isEqualTo(NodeState.SERVING);

        AuditEntry reset = r.resetBreaker(T0.plusSeconds(3601));
        assertThat(reset.node()).isEqualTo("fleet");
        assertThat(reset.reason()).startsWith("an operator reset the isolation breaker, tripped at " + T0.plusSeconds(3));
        assertThat(registry.get("hearth_remediation_breaker_open").gauge().value()).isZero();
        assertThat(tick(r, 3602, overheat("node-3", T0))).extracting(AuditEntry::outcome)
                .containsExactly(Outcome.EXECUTED);
    }

    @Test
    void approvalModeWaitsForAnOperatorAndActsOnceOnApproval() {
        Remediator r = remediator(GuardPolicy.defaults(), ActionModes.automatic().with(ActionType.ISOLATE,
                ActionMode.APPROVAL));
        List<AuditEntry> proposed = tick(r, 1, overheat("node-2", T0));
        assertThat(proposed).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.PENDING_APPROVAL));
        assertThat(tick(r, 2, overheat("node-2", T0))).isEmpty();
        assertThat(fleet.executed).isEmpty();
        List<PendingAction> waiting = r.pending(T0.plusSeconds(3));
        assertThat(waiting).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(proposed.get(0).actionId());
            assertThat(p.expiresAt()).isEqualTo(T0.plusSeconds(1).plus(Duration.ofMinutes(30)));
        });
        assertThat(registry.get("hearth_remediation_pending_approvals").gauge().value()).isEqualTo(1);

        AuditEntry approved = r.approve(waiting.get(0).id(), T0.plusSeconds(4));
        assertThat(approved.outcome()).isEqualTo(Outcome.EXECUTED);
        assertThat(approved.reason()).startsWith("approved by an operator: GPU sensor");
        assertThat(r.nodes().get("node-2").state()).isEqualTo(NodeState.ISOLATED);
        assertThatThrownBy(() -> r.approve(waiting.get(0).id(), T0.plusSeconds(5)))
                .isInstanceOfSatisfying(ApprovalRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(ApprovalRefusedException.Kind.UNKNOWN))
                .hasMessageContaining("no action " + waiting.get(0).id() + " waits for approval");
        assertThat(fleet.executed).hasSize(1);
        assertThat(r.pending(T0.plusSeconds(5))).isEmpty();
    }

    @Test
    void rejectedAndExpiredApprovalsAreRecordedAndNeverCarriedOut() {
        Remediator r = remediator(GuardPolicy.defaults(), new ActionModes(java.util.Map.of(ActionType.ISOLATE,
                ActionMode.APPROVAL), Duration.ofSeconds(60)));
        tick(r, 1, overheat("node-1", T0), overheat("node-2", T0));
        List<PendingAction> waiting = r.pending(T0.plusSeconds(2));
        assertThat(waiting).hasSize(2);
        assertThat(r.reject(waiting.get(0).id(), T0.plusSeconds(3)).outcome()).isEqualTo(Outcome.REJECTED);
        assertThatThrownBy(() -> r.approve(waiting.get(1).id(), T0.plusSeconds(61)))
                .isInstanceOfSatisfying(ApprovalRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(ApprovalRefusedException.Kind.EXPIRED))
                .hasMessageContaining("expired at " + T0.plusSeconds(61));
        assertThat(audit.entries).extracting(AuditEntry::node, AuditEntry::outcome).containsExactly(
                tuple("node-1", Outcome.PENDING_APPROVAL), tuple("node-2", Outcome.PENDING_APPROVAL),
                tuple("node-1", Outcome.REJECTED), tuple("node-2", Outcome.EXPIRED));
        assertThat(tick(r, 62, overheat("node-1", T0), overheat("node-2", T0))).isEmpty(); // the same findings: decided
        assertThat(fleet.executed).isEmpty();
        assertThatThrownBy(() -> r.approve("0123456789ab", T0.plusSeconds(63)))
                .hasMessageContaining("no action 0123456789ab waits for approval");
    }

    @Test
    void dryRunRecordsWhatItWouldDoOnce() {
        Remediator r = remediator(GuardPolicy.defaults(), ActionModes.automatic().with(ActionType.ISOLATE,
                ActionMode.DRY_RUN));
        assertThat(tick(r, 1, overheat("node-2", T0))).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.DRY_RUN);
            assertThat(e.reason()).startsWith("dry run: would isolate node-2 — GPU sensor");
        });
        assertThat(tick(r, 2, overheat("node-2", T0))).isEmpty();
        assertThat(fleet.executed).isEmpty();
        assertThat(r.nodes().get("node-2").state()).isEqualTo(NodeState.SERVING);
    }

    @Test
    void aTypeWithoutABackendIsRecordedAsNotApplicableWithTheReason() {
        Remediator r = remediator(GuardPolicy.defaults(), ActionModes.automatic());
        List<AuditEntry> entries = tick(r, 1, Findings.suggesting("node-1", ActionType.REBALANCE, T0),
                Findings.suggesting("node-2", ActionType.PROMOTE_STANDBY, T0));
        assertThat(entries).extracting(AuditEntry::action, AuditEntry::outcome, AuditEntry::reason).containsExactly(
                tuple(ActionType.REBALANCE, Outcome.NOT_APPLICABLE, "no backend handles rebalance in this fleet"),
                tuple(ActionType.PROMOTE_STANDBY, Outcome.REFUSED,
                        "promoting a standby for node-2 needs a standby of this fleet; none was named"));
        assertThat(tick(r, 2, Findings.suggesting("node-1", ActionType.REBALANCE, T0))).isEmpty();
    }

    @Test
    void aRetryableFailureIsRetriedWithBackoff() {
        Remediator r = remediator(GuardPolicy.defaults(), ActionModes.automatic());
        fleet.retryableFailures = 2;
        assertThat(tick(r, 1, overheat("node-2", T0))).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(e.reason()).endsWith("(on try 3)");
            assertThat(e.durationMs()).isNotNull();
        });
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void aBackendThatHangsFailsAfterTheTimeoutOfEachTryAndIsPlannedAgain() {
        Remediator r = remediator(GuardPolicy.defaults(), ActionModes.automatic());
        fleet.hang = new CountDownLatch(1);
        assertThat(tick(r, 1, overheat("node-2", T0))).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(e.reason()).isEqualTo("the isolate backend did not answer within 300 ms (after 3 tries)");
        });
        assertThat(r.nodes().get("node-2").state()).isEqualTo(NodeState.SERVING);
        fleet.hang.countDown();
        fleet.hang = null;
        assertThat(tick(r, 2, overheat("node-2", T0))).extracting(AuditEntry::outcome).containsExactly(Outcome.EXECUTED);
    }

    @Test
    void aFindingForAnUnknownNodeIsRefusedOnTheRecord() {
        Remediator r = remediator(GuardPolicy.defaults(), ActionModes.automatic());
        assertThat(tick(r, 1, overheat("node-9", T0))).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(e.verdict()).isEqualTo("unknown-node");
            assertThat(e.reason()).startsWith("node-9 is not a node of this fleet");
        });
    }
}

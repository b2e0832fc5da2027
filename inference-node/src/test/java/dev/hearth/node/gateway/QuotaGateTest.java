package dev.hearth.node.gateway;

import dev.hearth.testsupport.ManualClockDouble;
import dev.hearth.node.households.HouseholdQuota;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaGateTest {
    private final ManualClockDouble clock = new ManualClockDouble(Instant.parse("2026-01-01T00:00:00Z"));
    private final QuotaGate gate = new QuotaGate(clock, Duration.ZERO);
    private final Household oak = new Household("hh-oak", "oak", new HouseholdQuota(600, 2, 64, 1.0));
    private final Household elm = new Household("hh-elm", "elm", new HouseholdQuota(600, 2, 64, 1.0));

    @Test
    void aSlotFreesWhenARequestEndsAndClosingTwiceFreesOnlyOne() {
        QuotaGate.Admission first = gate.admit(oak, 1);
        gate.admit(oak, 1);
        assertThatThrownBy(() -> gate.admit(oak, 1)).isInstanceOfSatisfying(GatewayRejection.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfterSeconds()).isEqualTo(1);
            assertThat(e.quota()).contains("concurrency");
        });
        first.close();
        first.close();
        QuotaGate.Admission third = gate.admit(oak, 1);
        assertThatThrownBy(() -> gate.admit(oak, 1)).isInstanceOf(GatewayRejection.class);
        third.close();
    }

    @Test
    void theBudgetStartsFullRefillsAtItsRateAndNeverOverfills() {
        // 600 a minute: 10 a second
        try (QuotaGate.Admission a = gate.admit(oak, 600)) {
            assertThat(gate.available(oak)).isZero();
        }
        assertThatThrownBy(() -> gate.admit(oak, 25)).isInstanceOfSatisfying(GatewayRejection.class, e -> {
            assertThat(e.retryAfterSeconds()).isEqualTo(3);
            assertThat(e.quota()).contains("tokens_per_minute");
        });
        clock.advance(Duration.ofMillis(2_500));
        assertThat(gate.available(oak)).isEqualTo(25.0);
        gate.admit(oak, 25).close();
        clock.advance(Duration.ofHours(1));
        assertThat(gate.available(oak)).isEqualTo(600.0);
    }

    @Test
    void aRefusedRequestCostsNothing() {
        gate.admit(oak, 590).close();
        assertThatThrownBy(() -> gate.admit(oak, 11)).isInstanceOf(GatewayRejection.class);
        assertThat(gate.available(oak)).isEqualTo(10.0);
    }

    @Test
    void householdsHaveSeparateBudgets() {
        gate.admit(oak, 600).close();
        gate.admit(elm, 600).close();
        assertThat(gate.available(oak)).isZero();
    }

    @Test
    void moreThanTheWholeBudgetIsABadRequestNotARetry() {
        assertThatThrownBy(() -> gate.admit(oak, 601)).isInstanceOfSatisfying(GatewayRejection.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.retryAfterSeconds()).isZero();
            assertThat(e.quota()).isEmpty();
        });
    }

    @Test
    void aClockSteppingBackRefillsNothing() {
        gate.admit(oak, 100).close();
        clock.advance(Duration.ofSeconds(-30));
        assertThat(gate.available(oak)).isEqualTo(500.0);
    }

    @Test
    void aRequestOverTheConcurrencyQuotaWaitsForASlotThatFreesWithinTheWait() throws Exception {
        QuotaGate waiting = new QuotaGate(clock, Duration.ofSeconds(30));
        QuotaGate.Admission first = waiting.admit(oak, 1);
        waiting.admit(oak, 1);
        CompletableFuture<QuotaGate.Admission> third = CompletableFuture.supplyAsync(() -> waiting.admit(oak, 1));
        Thread.sleep(50);
        assertThat(third).as("waits while both slots are held").isNotDone();
        first.close();
        assertThat(third.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(waiting.available(oak)).as("three requests charged").isEqualTo(597.0);
    }

    @Test
    void aWaitThatEndsWithoutASlotIsA429AndChargesNothing() {
        QuotaGate waiting = new QuotaGate(clock, Duration.ofMillis(20));
        waiting.admit(oak, 1);
        waiting.admit(oak, 1);
        assertThatThrownBy(() -> waiting.admit(oak, 1)).isInstanceOfSatisfying(GatewayRejection.class,
                e -> assertThat(e.status()).isEqualTo(429));
        assertThat(waiting.available(oak)).isEqualTo(598.0);
    }

    @Test
    void beyondFourWaitersPerSlotRequestsAreRefusedAtOnce() throws Exception {
        QuotaGate waiting = new QuotaGate(clock, Duration.ofSeconds(30));
        QuotaGate.Admission held = waiting.admit(oak, 1);
        waiting.admit(oak, 1).close();
        Household one = new Household("hh-oak", "oak", new HouseholdQuota(600, 1, 64, 1.0));
        List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < QuotaGate.WAITERS_PER_SLOT; i++) {
            waiters.add(CompletableFuture.supplyAsync(() -> {
                waiting.admit(one, 1).close(); // gets the one slot, then hands it to the next waiter
                return true;
            }, Executors.newSingleThreadExecutor()));
        }
        Thread.sleep(100);
        long start = System.nanoTime();
        assertThatThrownBy(() -> waiting.admit(one, 1)).isInstanceOfSatisfying(GatewayRejection.class,
                e -> assertThat(e.status()).isEqualTo(429));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused without waiting").isLessThan(Duration.ofSeconds(30));
        held.close();
        for (CompletableFuture<Boolean> w : waiters) {
            assertThat(w.get(10, TimeUnit.SECONDS)).as("each waiter gets the slot in turn").isTrue();
        }
    }

    @Test
    void aWaiterRefusedForTokensAfterWakingPassesTheSlotToTheNextWaiter() throws Exception {
        QuotaGate waiting = new QuotaGate(clock, Duration.ofSeconds(30));
        QuotaGate.Admission first = waiting.admit(oak, 1);
        QuotaGate.Admission second = waiting.admit(oak, 1); // 598 tokens left, both slots held
        // they wait in this order, and HotSpot wakes the longest waiting first
        CompletableFuture<QuotaGate.Admission> small = CompletableFuture.supplyAsync(() -> waiting.admit(oak, 1),
                Executors.newSingleThreadExecutor());
        Thread.sleep(100);
        CompletableFuture<QuotaGate.Admission> large = CompletableFuture.supplyAsync(() -> waiting.admit(oak, 598),
                Executors.newSingleThreadExecutor());
        Thread.sleep(100);
        CompletableFuture<QuotaGate.Admission> last = CompletableFuture.supplyAsync(() -> waiting.admit(oak, 1),
                Executors.newSingleThreadExecutor());
        Thread.sleep(100);
        first.close();
        assertThat(small.get(10, TimeUnit.SECONDS)).isNotNull(); // 597 tokens left now: the large one cannot fit
        second.close();
        // the large waiter wakes for the second slot, finds the tokens spent and is refused; the last
        // waiter must get the slot now, not when its 30 s are up
        assertThat(last.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThatThrownBy(() -> large.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(GatewayRejection.class);
        assertThat(waiting.available(oak)).isEqualTo(596.0);
    }

    @Test
    void aSpentTokenBudgetIsRefusedAtOnceEvenWithAWaitForSlots() {
        QuotaGate waiting = new QuotaGate(clock, Duration.ofSeconds(30));
        waiting.admit(oak, 600);
        waiting.admit(oak, 0);
        assertThatThrownBy(() -> waiting.admit(oak, 1)).isInstanceOfSatisfying(GatewayRejection.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfterSeconds()).isPositive();
        });
    }

    @Test
    void aNegativeWaitIsRefused() {
        assertThatThrownBy(() -> new QuotaGate(clock, Duration.ofMillis(-1)))
                .hasMessageContaining("must not be negative");
    }
}

package dev.hearth.node.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineSharesTest {
    private static final long MS = 1_000_000L;

    /**
     * Steps of {@code step} as the scheduler would run them for {@code busy}, always with work, while the
     * {@code quiet} households stay active but never step, for {@code total}; the busy household's
     * engine time.
     */
    private static long engineTimeOf(EngineShares shares, String busy, double weight, Map<String, Double> quiet,
                                     long step, long total) {
        long now = 0;
        long used = 0;
        while (now < total) {
            Map<String, Double> withWork = new java.util.HashMap<>(quiet);
            withWork.put(busy, weight);
            shares.refresh(withWork, now); // the quiet ones count as active throughout
            if (shares.eligible(busy)) {
                shares.charge(EngineShares.split(Map.of(busy, 4), step));
                used += step;
                now += step;
            } else {
                now += shares.untilEligible(List.of(busy));
            }
        }
        return used;
    }

    @Test
    void aHouseholdAloneMayUseTheWholeEngine() {
        EngineShares shares = new EngineShares(0, 5_000 * MS);
        assertThat(engineTimeOf(shares, "a", 1.0, Map.of(), 2 * MS, 1_000 * MS)).isEqualTo(1_000 * MS);
    }

    @Test
    void whileAnotherIsActiveAFloodingHouseholdGetsItsWeightedShare() {
        long even = engineTimeOf(new EngineShares(0, 5_000 * MS), "a", 1.0, Map.of("b", 1.0), 2 * MS, 4_000 * MS);
        assertThat((double) even / (4_000 * MS)).isCloseTo(0.5, within(0.01));
        long heavy = engineTimeOf(new EngineShares(0, 5_000 * MS), "a", 3.0, Map.of("b", 1.0), 2 * MS, 4_000 * MS);
        assertThat((double) heavy / (4_000 * MS)).isCloseTo(0.75, within(0.01));
        long twoQuiet = engineTimeOf(new EngineShares(0, 5_000 * MS), "a", 1.0, Map.of("b", 1.0, "c", 2.0), 2 * MS,
                4_000 * MS);
        assertThat((double) twoQuiet / (4_000 * MS)).isCloseTo(0.25, within(0.01));
    }

    @Test
    void aQuietHouseholdStopsCountingAfterTheActivityWindow() {
        EngineShares shares = new EngineShares(0, 100 * MS);
        shares.refresh(Map.of("a", 1.0, "b", 1.0), 0);
        shares.charge(EngineShares.split(Map.of("a", 1), 10 * MS));
        assertThat(shares.eligible("a")).isFalse();
        assertThat(shares.untilEligible(List.of("a"))).as("a's 10 ms back at half the engine").isEqualTo(20 * MS);
        // b has had no work for longer than the window: a has the whole engine again
        shares.refresh(Map.of("a", 1.0), 101 * MS);
        shares.charge(EngineShares.split(Map.of("a", 1), 50 * MS));
        shares.refresh(Map.of("a", 1.0), 151 * MS);
        assertThat(shares.eligible("a")).isTrue();
    }

    @Test
    void aStepIsChargedByTheTokensEachHouseholdHadInIt() {
        EngineShares shares = new EngineShares(10 * MS, 5_000 * MS);
        shares.refresh(Map.of("a", 1.0, "b", 1.0), 0);
        shares.charge(EngineShares.split(Map.of("a", 3, "b", 1), 8 * MS));
        assertThat(shares.balance("a")).isEqualTo(4 * MS);
        assertThat(shares.balance("b")).isEqualTo(8 * MS);
        // refills are capped at the burst
        shares.refresh(Map.of("a", 1.0, "b", 1.0), 100 * MS);
        assertThat(shares.balance("a")).isEqualTo(10 * MS);
        assertThat(shares.balance("b")).isEqualTo(10 * MS);
    }

    @Test
    void aNewcomerMayStepAtOnceWithItsBurst() {
        EngineShares shares = new EngineShares(50 * MS, 5_000 * MS);
        shares.refresh(Map.of("a", 1.0), 0);
        shares.charge(EngineShares.split(Map.of("a", 1), 200 * MS));
        shares.refresh(Map.of("a", 1.0, "b", 1.0), 1 * MS);
        assertThat(shares.eligible("a")).isFalse();
        assertThat(shares.eligible("b")).isTrue();
        assertThat(shares.eligible("unknown")).isTrue();
        assertThat(shares.untilEligible(List.of("a", "b"))).isZero();
        assertThat(shares.untilEligible(List.of("a"))).isPositive();
    }

    @Test
    void aHouseholdUsingUpItsShareIsHeavyOnlyWhileAnotherIsActive() {
        EngineShares shares = new EngineShares(10 * MS, 5_000 * MS);
        shares.refresh(Map.of("a", 1.0), 0);
        shares.charge(EngineShares.split(Map.of("a", 1), 8 * MS));
        assertThat(shares.heavy()).as("alone, a has the whole engine").isEmpty();
        shares.refresh(Map.of("a", 1.0, "b", 1.0), 1 * MS);
        assertThat(shares.heavy()).as("a has 3 ms of a 10 ms burst left; b all of it").containsExactly("a");
        shares.refresh(Map.of("a", 1.0, "b", 1.0), 11 * MS);
        assertThat(shares.heavy()).as("a refilled to 8 ms at half the engine").isEmpty();
    }

    @Test
    void aHouseholdThatKeptTheEngineBusyLatelyIsHeavyThoughItsBucketIsFull() {
        EngineShares shares = new EngineShares(50 * MS, 5_000 * MS);
        // for 3 s, a used 45 % of the engine (above 0.8 of its half, below its refill), b 10 %
        for (long t = 0; t < 3_000 * MS; t += 10 * MS) {
            shares.refresh(Map.of("a", 1.0, "b", 1.0), t);
            shares.charge(EngineShares.split(Map.of("a", 1), 4_500_000L));
            shares.charge(EngineShares.split(Map.of("b", 1), 1 * MS));
        }
        shares.refresh(Map.of("a", 1.0, "b", 1.0), 3_000 * MS);
        assertThat(shares.balance("a")).as("a's bucket refills faster than it draws").isEqualTo(50.0 * MS);
        assertThat(shares.heavy()).containsExactly("a");
        // a quiet second later its use has decayed below the line
        shares.refresh(Map.of("a", 1.0, "b", 1.0), 4_000 * MS);
        assertThat(shares.heavy()).isEmpty();
    }

    @Test
    void theTimeAHouseholdSitsOutIsCountedFromOneNoteToTheNext() {
        EngineShares shares = new EngineShares(50 * MS, 5_000 * MS);
        shares.holdOut(java.util.Set.of("a"), 1 * MS); // the first note counts nothing before it
        shares.holdOut(java.util.Set.of("a", "b"), 4 * MS); // a sat out 3 ms
        shares.holdOut(java.util.Set.of(), 10 * MS); // both sat out 6 ms
        shares.holdOut(java.util.Set.of("b"), 12 * MS); // nobody sat out these 2 ms
        assertThat(shares.heldNanos("a")).isEqualTo(9 * MS);
        assertThat(shares.heldNanos("b")).isEqualTo(6 * MS);
        assertThat(shares.heldNanos("c")).isZero();
        // a household's count outlives its account: it is a counter, not a balance
        shares.refresh(java.util.Map.of("b", 1.0), 10_000 * MS);
        assertThat(shares.heldNanos("a")).isEqualTo(9 * MS);
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> new EngineShares(-1, 0)).hasMessageContaining("must not be negative");
    }
}

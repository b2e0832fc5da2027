package dev.hearth.rules.history;

import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class InMemoryMetricHistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final String XID = "hearth_gpu_xid_events_total";

    private static Sample xid(long seconds, double value) {
        return new Sample(T0.plusSeconds(seconds), "n1", XID, Map.of("xid", "13"), value);
    }

    private final InMemoryMetricHistory history = new InMemoryMetricHistory(List.of(
            xid(0, 1), xid(10, 1), xid(20, 3), xid(30, 1), xid(40, Double.NaN), xid(50, 2), xid(60, 2)));

    @Test
    void counterRisesAreResetAwareAndTheFirstSampleIsABirth() {
        assertThat(history.counterIncreases(XID, T0.minusSeconds(1), T0.plusSeconds(60)))
                .extracting(c -> c.sample().time(), CounterIncrease::amount)
                .containsExactly(tuple(T0, 1.0), tuple(T0.plusSeconds(20), 2.0), tuple(T0.plusSeconds(30), 1.0),
                        tuple(T0.plusSeconds(50), 1.0));
        // the window excludes its start and anything after its end
        assertThat(history.counterIncreases(XID, T0.plusSeconds(20), T0.plusSeconds(49))).extracting(
                CounterIncrease::amount).containsExactly(1.0);
    }

    @Test
    void increasesRunFromTheLastSampleAtOrBeforeTheWindowStart() {
        assertThat(history.increases(XID, T0.plusSeconds(15), T0.plusSeconds(55))).singleElement().satisfies(i -> {
            assertThat(i.start().time()).isEqualTo(T0.plusSeconds(10));
            assertThat(i.end().time()).isEqualTo(T0.plusSeconds(50));
            assertThat(i.amount()).isEqualTo(2 + 1 + 1.0); // 1→3, reset to 1, NaN skipped, 1→2
        });
        assertThat(history.increases(XID, T0.plusSeconds(20), T0.plusSeconds(20))).singleElement()
                .satisfies(i -> assertThat(i.amount()).isZero());
    }

    @Test
    void samplesAreReadFromTheirMetricAndWindowOnly() {
        assertThat(history.samples(Set.of(XID), T0.plusSeconds(10), T0.plusSeconds(30))).extracting(Sample::value)
                .containsExactly(1.0, 3.0, 1.0);
        assertThat(history.samples(Set.of("hearth_gpu_temperature_celsius"), T0, T0.plusSeconds(60))).isEmpty();
    }
}

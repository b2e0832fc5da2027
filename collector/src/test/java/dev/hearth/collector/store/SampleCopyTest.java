package dev.hearth.collector.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of the binary COPY encoding that need no database. */
class SampleCopyTest {

    @Test
    void timesAreMicrosecondsSincePostgresEpochWithFinerPartsDropped() {
        assertThat(SampleCopy.postgresMicros(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
        assertThat(SampleCopy.postgresMicros(Instant.parse("2000-01-01T00:00:01.000001999Z"))).isEqualTo(1_000_001);
        assertThat(SampleCopy.postgresMicros(Instant.parse("1999-12-31T23:59:59.999999Z"))).isEqualTo(-1);
        assertThat(SampleCopy.postgresMicros(Instant.EPOCH)).isEqualTo(-946_684_800_000_000L);
    }

    @Test
    void aTimeBeyondPostgresRangeIsAClearError() {
        assertThatThrownBy(() -> SampleCopy.postgresMicros(Instant.MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample time +1000000000-12-31T23:59:59.999999999Z is outside what PostgreSQL can store"
                        + " (4713 BC to 294276 AD); the source's clock or parser is wrong");
    }

    @Test
    void rowsGoOutBySeriesThenByPositionInTheBatch() {
        long[] order = SampleCopy.seriesOrder(new int[]{7, 3, 7, 1, 3});

        assertThat(Arrays.stream(order).mapToInt(key -> (int) key).toArray()).containsExactly(3, 1, 4, 0, 2);
        assertThat(Arrays.stream(order).mapToInt(key -> (int) (key >>> 32)).toArray()).containsExactly(1, 3, 3, 7, 7);
    }
}

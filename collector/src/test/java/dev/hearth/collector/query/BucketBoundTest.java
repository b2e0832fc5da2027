package dev.hearth.collector.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code le} spellings clients write, and the ones that are not bounds. */
class BucketBoundTest {
    @ParameterizedTest
    @CsvSource({"0.5, 0.5", "1, 1", "1.0, 1", "1e-3, 0.001", "2.5E+2, 250", ".5, 0.5", "-0.25, -0.25",
            "+Inf, Infinity", "Inf, Infinity", "+inf, Infinity", "-Inf, -Infinity", "+Infinity, Infinity"})
    void readsNumbersAndInfinities(String le, double bound) {
        assertThat(BucketBound.parse(le)).hasValue(bound);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NaN", "fast", "1d", "0x1p3", " 1", "1 ", "1,5", "e3"})
    void refusesWhatIsNotABound(String le) {
        assertThat(BucketBound.parse(le)).isEmpty();
    }

    @Test
    void aMissingLabelIsNoBound() {
        assertThat(BucketBound.parse(null)).isEmpty();
    }
}

package dev.hearth.collector.query;

import org.junit.jupiter.api.Test;

import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** histogram_quantile's arithmetic on hand-computed bucket counts. */
class BucketQuantileTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Cumulative counts 20, 60, 80, 100 at bounds 0.25, 0.5, 1, +Inf. */
    private static TreeMap<Double, Double> latency() {
        return buckets(0.25, 20, 0.5, 60, 1.0, 80, INF, 100);
    }

    @Test
    void interpolatesLinearlyInsideTheBucketTheRankFallsIn() {
        // rank 50 falls in (0.25, 0.5], which holds counts 20..60: 0.25 + 0.25 * 30/40
        assertThat(BucketQuantile.of(0.5, latency())).isEqualTo(0.4375);
        // rank 70 in (0.5, 1], counts 60..80: 0.5 + 0.5 * 10/20
        assertThat(BucketQuantile.of(0.7, latency())).isEqualTo(0.75);
        // a rank equal to a bucket's count is that bucket's upper bound
        assertThat(BucketQuantile.of(0.8, latency())).isEqualTo(1.0);
    }

    @Test
    void theLowestBucketStartsAtZeroWhenItsBoundIsPositive() {
        // rank 10 of 20 in (0, 0.25]
        assertThat(BucketQuantile.of(0.1, latency())).isEqualTo(0.125);
    }

    @Test
    void theLowestBucketAnswersItsOwnBoundWhenThatIsNotPositive() {
        assertThat(BucketQuantile.of(0.25, buckets(0.0, 10, 1.0, 20, INF, 20))).isEqualTo(0.0);
        assertThat(BucketQuantile.of(0.25, buckets(-1.0, 10, 1.0, 20, INF, 20))).isEqualTo(-1.0);
    }

    @Test
    void aRankInTheInfiniteBucketIsTheHighestFiniteBound() {
        assertThat(BucketQuantile.of(0.95, latency())).isEqualTo(1.0);
        assertThat(BucketQuantile.of(1.0, latency())).isEqualTo(1.0);
    }

    @Test
    void noObservationsOrNoInfiniteBucketOrASingleBucketIsNaN() {
        assertThat(BucketQuantile.of(0.5, buckets(0.25, 0, 0.5, 0, INF, 0))).isNaN();
        assertThat(BucketQuantile.of(0.5, buckets(0.25, 20, 0.5, 60, 1.0, 80))).isNaN();
        assertThat(BucketQuantile.of(0.5, buckets(INF, 10))).isNaN();
        assertThat(BucketQuantile.of(0.5, new TreeMap<>())).isNaN();
    }

    @Test
    void countsThatFallAreRaisedToMonotonicFirst() {
        // 10, 8, 20, 20 is read as 10, 10, 20, 20: rank 15 in (0.5, 1] is 0.5 + 0.5 * 5/10
        assertThat(BucketQuantile.of(0.75, buckets(0.25, 10, 0.5, 8, 1.0, 20, INF, 20))).isEqualTo(0.75);
    }

    @Test
    void quantilesOutsideZeroToOneAreInfiniteAndNaNIsNaNAsInPromQL() {
        assertThat(BucketQuantile.of(-0.1, latency())).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(BucketQuantile.of(1.1, latency())).isEqualTo(INF);
        assertThat(BucketQuantile.of(Double.NaN, latency())).isNaN();
    }

    private static TreeMap<Double, Double> buckets(double... boundThenCount) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (int i = 0; i < boundThenCount.length; i += 2) {
            buckets.put(boundThenCount[i], boundThenCount[i + 1]);
        }
        return buckets;
    }
}

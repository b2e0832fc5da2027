package dev.hearth.collector.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The quantile of a classic histogram from its cumulative bucket counts, with the semantics of
 * Prometheus's {@code histogram_quantile}, so that a rule and a Grafana panel over the same data agree.
 */
final class BucketQuantile {
    private BucketQuantile() {
    }

    /**
     * The {@code q}-quantile of the observations counted in {@code buckets} (upper bound to cumulative
     * count; equal bounds already summed into one entry):
     * <ul>
     *   <li>NaN for a NaN {@code q}; -Inf below 0; +Inf above 1;</li>
     *   <li>NaN when the highest bound is not +Inf, when there are fewer than two buckets, or when
     *       the +Inf bucket counts no observations;</li>
     *   <li>counts that fall from one bucket to the next (a scrape that raced the histogram's updates)
     *       are first raised to the highest count below them, so the counts are monotonic;</li>
     *   <li>the quantile's rank {@code q * total} is placed in the first bucket whose count reaches it
     *       and interpolated linearly between that bucket's lower and upper bound; the lowest bucket's
     *       lower bound is 0 when its upper bound is above 0, otherwise its upper bound is the answer;</li>
     *   <li>a rank that falls in the +Inf bucket gives the highest finite upper bound.</li>
     * </ul>
     */
    static double of(double q, SortedMap<Double, Double> buckets) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (buckets.isEmpty() || buckets.lastKey() != Double.POSITIVE_INFINITY || buckets.size() < 2) {
            return Double.NaN;
        }
        List<Double> bounds = new ArrayList<>(buckets.size());
        double[] counts = new double[buckets.size()];
        double highest = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            double count = bucket.getValue();
            // written with comparisons rather than Math.max so that a NaN count stays in its own bucket
            if (count > highest) {
                highest = count;
            } else if (count < highest) {
                count = highest;
            }
            counts[bounds.size()] = count;
            bounds.add(bucket.getKey());
        }
        double total = counts[counts.length - 1];
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        int b = 0;
        // the +Inf bucket is never searched: a rank beyond every finite bucket lands on its index
        while (b < counts.length - 1 && !(counts[b] >= rank)) {
            b++;
        }
        if (b == counts.length - 1) {
            return bounds.get(b - 1);
        }
        if (b == 0 && bounds.get(0) <= 0) {
            return bounds.get(0);
        }
        double start = b == 0 ? 0 : bounds.get(b - 1);
        double end = bounds.get(b);
        double below = b == 0 ? 0 : counts[b - 1];
        return start + (end - start) * ((rank - below) / (counts[b] - below));
    }
}

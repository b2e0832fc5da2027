package dev.hearth.rules.fleet;

import java.util.Map;
import java.util.TreeMap;

/**
 * A quantile from cumulative histogram buckets, interpolated linearly inside the bucket that holds
 * it, as Prometheus' {@code histogram_quantile} does.
 */
final class HistogramQuantile {
    private HistogramQuantile() {
    }

    /**
     * @param buckets upper bound → cumulative count, including {@code +Inf}
     * @return the quantile, or 0 without observations; the highest finite bound when it lies in {@code +Inf}
     */
    static double of(double q, Map<Double, Double> buckets) {
        TreeMap<Double, Double> sorted = new TreeMap<>(buckets);
        if (sorted.isEmpty() || sorted.lastEntry().getValue() <= 0) {
            return 0;
        }
        double total = sorted.lastEntry().getValue();
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> b : sorted.entrySet()) {
            if (b.getValue() >= rank) {
                if (b.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = b.getValue() - lowerCount;
                return inBucket <= 0 ? b.getKey()
                        : lowerBound + (b.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = b.getKey();
            lowerCount = b.getValue();
        }
        return lowerBound;
    }

    /** A bucket bound from its {@code le} label, or NaN when the label is not a number. */
    static double bound(String le) {
        if ("+Inf".equals(le) || "Inf".equals(le)) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(le);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}

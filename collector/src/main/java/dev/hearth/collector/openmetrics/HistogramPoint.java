package dev.hearth.collector.openmetrics;

/**
 * One point of an OpenMetrics histogram or gauge histogram: the buckets, count and sum one Metric
 * exposes for one timestamp. Checks what can be checked as each sample arrives (bucket order, cumulative
 * counts) and, in {@link #check()}, what needs the whole point (the {@code +Inf} bucket, count against
 * it, which of count and sum go together, and what negative buckets forbid).
 */
final class HistogramPoint {
    private final String metric;
    private final boolean gauge;
    private boolean hasBuckets;
    private double lastBound;
    private double lastBucketCount;
    private boolean negativeBuckets;
    private boolean infinityBucket;
    private Double count;
    private Double sum;
    private int lastLine;
    private String lastLineText = "";

    /**
     * @param metric how the Metric reads in an error, e.g. {@code latency_seconds{path="/"}}
     * @param gauge  whether it is a gauge histogram ({@code _gcount}, {@code _gsum})
     */
    HistogramPoint(String metric, boolean gauge) {
        this.metric = metric;
        this.gauge = gauge;
    }

    void bucket(double bound, double cumulativeCount, LineCursor line) {
        seen(line);
        if (hasBuckets && !(bound > lastBound)) {
            throw line.error("bucket le=\"" + format(bound) + "\" of " + metric + " follows le=\"" + format(lastBound)
                    + "\"; buckets must come in increasing order of le, each once");
        }
        if (hasBuckets && cumulativeCount < lastBucketCount) {
            throw line.error("bucket le=\"" + format(bound) + "\" of " + metric + " counts " + format(cumulativeCount)
                    + ", fewer than the " + format(lastBucketCount) + " of the bucket before it; bucket counts are"
                    + " cumulative and never decrease");
        }
        hasBuckets = true;
        lastBound = bound;
        lastBucketCount = cumulativeCount;
        negativeBuckets |= bound < 0;
        infinityBucket |= bound == Double.POSITIVE_INFINITY;
    }

    void count(double value, LineCursor line) {
        seen(line);
        if (count != null) {
            throw line.error("second " + countName() + " for " + metric + " at one timestamp");
        }
        count = value;
    }

    void sum(double value, LineCursor line) {
        seen(line);
        if (sum != null) {
            throw line.error("second " + sumName() + " for " + metric + " at one timestamp");
        }
        sum = value;
    }

    /** The rules that need the whole point; the error names the point's last line. */
    void check() {
        if (!infinityBucket) {
            throw error(metric + " has no bucket le=\"+Inf\"; every " + kind() + " point needs one");
        }
        if (count != null && count != lastBucketCount) {
            throw error(countName() + " of " + metric + " is " + format(count) + " but its le=\"+Inf\" bucket counts "
                    + format(lastBucketCount) + "; they must be equal");
        }
        if (sum != null && count == null) {
            throw error(metric + " has " + sumName() + " but no " + countName() + "; a " + kind()
                    + " exposes both or neither");
        }
        if (count != null && sum == null) {
            throw error(metric + " has " + countName() + " but no " + sumName() + "; a " + kind()
                    + " exposes both or neither");
        }
        if (!gauge && negativeBuckets && sum != null) {
            throw error(metric + " has negative buckets and a _sum; a histogram with negative buckets must not"
                    + " expose _sum, which would no longer only grow");
        }
        if (gauge && !negativeBuckets && sum != null && sum < 0) {
            throw error("_gsum of " + metric + " is " + format(sum) + "; it may be negative only when a bucket is");
        }
    }

    private void seen(LineCursor line) {
        lastLine = line.number();
        lastLineText = line.line();
    }

    private ExpositionFormatException error(String problem) {
        return new ExpositionFormatException(lastLine, problem, lastLineText);
    }

    private String kind() {
        return gauge ? "gauge histogram" : "histogram";
    }

    private String countName() {
        return gauge ? "_gcount" : "_count";
    }

    private String sumName() {
        return gauge ? "_gsum" : "_sum";
    }

    private static String format(double value) {
        if (value == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}

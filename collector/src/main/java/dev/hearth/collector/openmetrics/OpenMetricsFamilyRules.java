package dev.hearth.collector.openmetrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * What OpenMetrics requires of the samples of one family beyond the grammar: the values and labels each
 * type allows, where exemplars may go, that each Metric (a label set, less {@code le}, {@code quantile}
 * or the state label) is exposed in one run whose samples all have a timestamp or none do, with
 * timestamps never going back, that a sample repeats only as a later timestamped point, and the
 * histogram point rules.
 */
final class OpenMetricsFamilyRules {
    private final FamilyBuilder family;
    /** Label sets whose run has ended, with the line each began on. */
    private final Map<Map<String, String>, Integer> finishedMetrics = new HashMap<>();
    /** The samples of the current label set, with the line each first appeared on. */
    private final Map<SeriesKey, Integer> seriesOfMetric = new HashMap<>();
    private Map<String, String> currentMetric;
    private int currentMetricLine;
    private boolean metricTimestamped;
    private double metricTimestamp;
    private int metricTimestampLine;
    private HistogramPoint point;
    private OptionalDouble pointTimestamp;

    OpenMetricsFamilyRules(FamilyBuilder family) {
        this.family = family;
    }

    /** Checks one sample of the family, which the caller has matched to it by name. */
    void accept(MetricSample sample, LineCursor line) {
        String suffix = sample.name().substring(family.name().length());
        checkExemplar(sample, suffix, line);
        double bound = checkValueAndLabels(sample, suffix, line);
        Map<String, String> metric = metricLabels(sample, suffix);
        if (!metric.equals(currentMetric)) {
            Integer earlier = finishedMetrics.get(metric);
            if (earlier != null) {
                throw line.error("samples of " + describe(family.name(), metric) + " (first on line " + earlier
                        + ") resume after another label set of " + family.name() + " began on line "
                        + currentMetricLine + "; all samples of one label set must be together");
            }
            finishMetric();
            currentMetric = metric;
            currentMetricLine = line.number();
            metricTimestamped = sample.timestampSeconds().isPresent();
            metricTimestamp = Double.NEGATIVE_INFINITY;
        }
        checkTimestamp(sample, line);
        checkRepeat(sample, line);
        if (isHistogram() && !suffix.equals("_created")) {
            addToPoint(sample, suffix, bound, line);
        }
    }

    /** The family has ended: checks its last histogram point. */
    void finish() {
        finishMetric();
    }

    private void checkExemplar(MetricSample sample, String suffix, LineCursor line) {
        if (sample.exemplar().isEmpty()) {
            return;
        }
        boolean allowed = family.type() == MetricType.COUNTER && suffix.equals("_total")
                || isHistogram() && suffix.equals("_bucket");
        if (!allowed) {
            throw line.error("exemplar on " + sample.name() + " (a sample of " + family.type().openMetricsName() + " "
                    + family.name() + "); exemplars are allowed only on counter _total and histogram _bucket samples");
        }
    }

    /** @return the bucket's upper bound for a {@code _bucket} sample, NaN otherwise */
    private double checkValueAndLabels(MetricSample sample, String suffix, LineCursor line) {
        double value = sample.value();
        switch (family.type()) {
            case COUNTER -> {
                if (suffix.equals("_total")) {
                    requireCounterValue(sample, line);
                }
            }
            case INFO -> {
                if (value != 1) {
                    throw line.error("info " + sample.name() + " has value " + value + "; an info sample's value is 1");
                }
            }
            case STATESET -> {
                if (!sample.labels().containsKey(family.name())) {
                    throw line.error("stateset " + family.name() + " needs a label named " + family.name()
                            + " that names the state");
                }
                if (value != 0 && value != 1) {
                    throw line.error("stateset " + family.name() + " has value " + value
                            + "; a state is 1 (set) or 0 (not set)");
                }
            }
            case SUMMARY -> {
                if (suffix.isEmpty()) {
                    requireQuantile(sample, line);
                    if (value < 0) {
                        throw line.error("quantile value " + value + " of summary " + family.name()
                                + " is negative; summary quantiles must not be");
                    }
                } else if (!suffix.equals("_created")) {
                    requireCounterValue(sample, line);
                }
            }
            case HISTOGRAM, GAUGE_HISTOGRAM -> {
                if (suffix.equals("_bucket")) {
                    requireCounterValue(sample, line);
                    return bucketBound(sample, line);
                }
                if (suffix.equals("_gsum")) {
                    if (Double.isNaN(value)) {
                        throw line.error(sample.name() + " is NaN; a gauge histogram's _gsum must be a number");
                    }
                } else if (!suffix.equals("_created")) {
                    requireCounterValue(sample, line);
                }
            }
            default -> {
                // gauge and unknown: any value, any labels
            }
        }
        return Double.NaN;
    }

    private void requireCounterValue(MetricSample sample, LineCursor line) {
        if (Double.isNaN(sample.value()) || sample.value() < 0) {
            throw line.error(sample.name() + " of " + family.type().openMetricsName() + " " + family.name() + " is "
                    + sample.value() + "; counts, sums and totals must not be NaN or negative");
        }
    }

    private void requireQuantile(MetricSample sample, LineCursor line) {
        String quantile = sample.labels().get("quantile");
        if (quantile == null) {
            throw line.error("summary " + family.name() + " has a sample without a quantile label; its quantiles are"
                    + " named " + family.name() + "{quantile=\"0.5\"}, the others _sum, _count and _created");
        }
        Double q = Numbers.parseReal(quantile);
        if (q == null || q < 0 || q > 1) {
            throw line.error("quantile=\"" + quantile + "\" of summary " + family.name()
                    + " is not a number from 0 to 1");
        }
    }

    private double bucketBound(MetricSample sample, LineCursor line) {
        String le = sample.labels().get("le");
        if (le == null) {
            throw line.error("bucket " + sample.name() + " has no le label; every bucket names its upper bound,"
                    + " the last one le=\"+Inf\"");
        }
        if (le.equals("+Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        Double bound = Numbers.parseReal(le);
        if (bound == null) {
            throw line.error("le=\"" + le + "\" of " + sample.name() + " is not a bucket bound; write a decimal"
                    + " number, or +Inf exactly so");
        }
        return bound;
    }

    /** The label set that identifies the Metric a sample is part of, without the per-sample labels. */
    private Map<String, String> metricLabels(MetricSample sample, String suffix) {
        String perSample = switch (family.type()) {
            case HISTOGRAM, GAUGE_HISTOGRAM -> suffix.equals("_bucket") ? "le" : null;
            case SUMMARY -> suffix.isEmpty() ? "quantile" : null;
            case STATESET -> family.name();
            default -> null;
        };
        if (perSample == null || !sample.labels().containsKey(perSample)) {
            return sample.labels();
        }
        Map<String, String> metric = new LinkedHashMap<>(sample.labels());
        metric.remove(perSample);
        return metric;
    }

    /** One label set's samples all have a timestamp or none do, and timestamps never go back. */
    private void checkTimestamp(MetricSample sample, LineCursor line) {
        String metric = describe(family.name(), currentMetric);
        if (sample.timestampSeconds().isPresent() != metricTimestamped) {
            throw line.error(sample.name() + (metricTimestamped ? " has no timestamp" : " has a timestamp")
                    + " but the first sample of " + metric + " (line " + currentMetricLine + ")"
                    + (metricTimestamped ? " has one" : " has none") + "; the samples of one label set have a"
                    + " timestamp each or none");
        }
        if (!metricTimestamped) {
            return;
        }
        double timestamp = sample.timestampSeconds().getAsDouble();
        if (timestamp < metricTimestamp) {
            throw line.error("timestamp of " + sample.name() + " goes back from " + metricTimestamp + " (line "
                    + metricTimestampLine + ") to " + timestamp + "; the points of " + metric
                    + " must be in time order");
        }
        metricTimestamp = timestamp;
        metricTimestampLine = line.number();
    }

    /** Without timestamps a sample has one point, so it may appear only once. */
    private void checkRepeat(MetricSample sample, LineCursor line) {
        Integer first = seriesOfMetric.putIfAbsent(new SeriesKey(sample.name(), sample.labels()), line.number());
        if (first != null && !metricTimestamped) {
            throw line.error(describe(sample.name(), sample.labels()) + " appears again (first on line " + first
                    + "); a sample may repeat only as a later point, with a timestamp on every line");
        }
    }

    private void addToPoint(MetricSample sample, String suffix, double bound, LineCursor line) {
        if (point == null || !pointTimestamp.equals(sample.timestampSeconds())) {
            finishPoint();
            point = new HistogramPoint(describe(family.name(), currentMetric),
                    family.type() == MetricType.GAUGE_HISTOGRAM);
            pointTimestamp = sample.timestampSeconds();
        }
        switch (suffix) {
            case "_bucket" -> point.bucket(bound, sample.value(), line);
            case "_count", "_gcount" -> point.count(sample.value(), line);
            default -> point.sum(sample.value(), line);
        }
    }

    private void finishMetric() {
        finishPoint();
        if (currentMetric != null) {
            finishedMetrics.put(currentMetric, currentMetricLine);
        }
        seriesOfMetric.clear();
    }

    private void finishPoint() {
        if (point != null) {
            point.check();
            point = null;
        }
    }

    private boolean isHistogram() {
        return family.type() == MetricType.HISTOGRAM || family.type() == MetricType.GAUGE_HISTOGRAM;
    }

    static String describe(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        return name + labels.entrySet().stream()
                .map(label -> label.getKey() + "=\"" + label.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("\n", "\\n") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private record SeriesKey(String name, Map<String, String> labels) {
    }
}

package dev.hearth.collector.query;

import dev.hearth.collector.StoreUnavailableException;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The queries the rules run against the metric store, with PromQL's meaning where PromQL has one.
 *
 * <p>Every window ending at an evaluation time {@code at} holds the readings with
 * {@code at - length < time <= at}. Evaluation times are always passed in, never read from a clock, so
 * that a rule evaluated on a pseudo clock or replayed over old data sees what it would have seen then.
 * Results come back sorted by series (node, metric, labels) or by group. Each call is one SQL round
 * trip; every failure to reach or read the database is a {@link StoreUnavailableException} naming what
 * was asked, and every bad argument an {@link IllegalArgumentException} naming the value and the fix.
 */
public final class MetricQueries {
    private static final String BUCKET_SUFFIX = "_bucket";

    private final StoreReader store;

    public MetricQueries(DataSource dataSource) {
        this.store = new StoreReader(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** Readings of every matching series with {@code from < time <= to}, oldest first within a series. */
    public List<SeriesPoints> range(SeriesSelector selector, Instant from, Instant to) {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("range of " + selector + " from " + from + " to " + to
                    + " is empty: 'from' must be before 'to'");
        }
        return store.points(selector, from, to, "the readings of " + selector + " in (" + from + ", " + to + "]");
    }

    /** Every series of {@code metric} on {@code node} over the {@code length} before {@code at}. */
    public List<SeriesPoints> last(String node, String metric, Duration length, Instant at) {
        SeriesSelector selector = SeriesSelector.metric(metric).onNode(node);
        requirePositive(length, "length", "the readings of " + selector);
        Objects.requireNonNull(at, "at");
        return range(selector, at.minus(length), at);
    }

    /**
     * The newest reading of each matching series at {@code at}, as a PromQL instant vector: a series
     * whose newest reading is {@code lookback} or more before {@code at} is absent, not its old value.
     */
    public List<SeriesSample> latest(SeriesSelector selector, Instant at, Duration lookback) {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(at, "at");
        requirePositive(lookback, "lookback", "the latest value of " + selector);
        return store.newest(selector, at.minus(lookback), at,
                "the latest value of " + selector + " at " + at + " (lookback " + lookback + ")");
    }

    /**
     * How much each matching counter grew over the {@code window} before {@code at}: from its first to
     * its last reading in the window, a drop counting as a restart from 0 (see {@link CounterIncrease}).
     * Not extrapolated to the window's edges, unlike PromQL's {@code increase}. A series with fewer
     * than two readings at distinct times in the window is absent.
     */
    public List<CounterIncrease> increase(SeriesSelector selector, Instant at, Duration window) {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(at, "at");
        requirePositive(window, "window", "the increase of " + selector);
        List<CounterIncrease> increases = new ArrayList<>();
        for (SeriesPoints series : store.points(selector, at.minus(window), at,
                "the increase of " + selector + " over " + window + " before " + at)) {
            Counters.increase(series.series(), series.points()).ifPresent(increases::add);
        }
        return increases;
    }

    /**
     * Per-second rate of each matching counter over the {@code window} before {@code at}: its
     * {@linkplain #increase increase} divided by the seconds between its first and last reading in the
     * window. Series with fewer than two readings at distinct times in the window are absent.
     */
    public List<SeriesValue> rate(SeriesSelector selector, Instant at, Duration window) {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(at, "at");
        requirePositive(window, "window", "the rate of " + selector);
        List<SeriesValue> rates = new ArrayList<>();
        for (SeriesPoints series : store.points(selector, at.minus(window), at,
                "the rate of " + selector + " over " + window + " before " + at)) {
            Counters.increase(series.series(), series.points())
                    .ifPresent(increase -> rates.add(new SeriesValue(series.series(), increase.perSecond())));
        }
        return rates;
    }

    /**
     * The {@code q}-quantile of a histogram over the {@code window} before {@code at}, per group: PromQL's
     * {@code histogram_quantile(q, sum by (group..., le) (increase(buckets[window])))}. Each bucket
     * series' {@linkplain #increase increase} is summed per group and bound ({@code le}: "+Inf", "0.5",
     * "1e-3", ...; series whose {@code le} is missing or not a number are skipped, as Prometheus does);
     * the quantile then follows {@code histogram_quantile}: linear interpolation inside the bucket, 0 as
     * the lowest bucket's lower bound when its upper bound is above 0, the highest finite bound when the
     * rank falls in the +Inf bucket, counts made monotonic first, and NaN for a group without
     * observations or without a +Inf bucket. Increases rather than rates are summed because the
     * quantile does not depend on a common divisor, and bucket series of one scrape share their span.
     *
     * @param q       between 0 and 1 inclusive; PromQL answers ±Inf or NaN outside, which in a rule can
     *                only be a mistake, so it is refused here
     * @param buckets selects the {@code *_bucket} series of one histogram
     */
    public List<GroupValue> histogramQuantile(double q, SeriesSelector buckets, Instant at, Duration window,
                                              Grouping by) {
        Objects.requireNonNull(buckets, "buckets");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile " + q + " of " + buckets + " is not between 0 and 1; "
                    + "pass e.g. 0.99 for the 99th percentile");
        }
        if (!buckets.metric().endsWith(BUCKET_SUFFIX)) {
            throw new IllegalArgumentException("histogram quantile needs the bucket series of a histogram, but "
                    + buckets.metric() + " does not end in " + BUCKET_SUFFIX + "; pass " + buckets.metric()
                    + BUCKET_SUFFIX + " if that is the histogram");
        }
        requirePositive(window, "window", "the quantile of " + buckets);
        Map<SeriesGroup, TreeMap<Double, Double>> groups = new TreeMap<>();
        for (SeriesPoints series : store.points(buckets, at.minus(window), at,
                "the " + q + " quantile of " + buckets + " over " + window + " before " + at)) {
            OptionalDouble bound = BucketBound.parse(series.series().labels().get("le"));
            if (bound.isEmpty()) {
                continue;
            }
            Counters.increase(series.series(), series.points()).ifPresent(increase -> groups
                    .computeIfAbsent(by.of(series.series()), group -> new TreeMap<>())
                    .merge(bound.getAsDouble(), increase.increase(), Double::sum));
        }
        List<GroupValue> quantiles = new ArrayList<>();
        groups.forEach((group, counts) -> quantiles.add(new GroupValue(group, BucketQuantile.of(q, counts))));
        return quantiles;
    }

    /**
     * Matching series that went silent: their newest reading at or before {@code at} is {@code threshold}
     * or more old (a reading in {@code (at - threshold, at]} keeps a series fresh). Only series with a
     * reading in the {@code horizon} before {@code at} are considered: a series silent for longer is
     * forgotten, as Prometheus forgets series, so that a decommissioned node is not reported forever and
     * a replay at an earlier time does not report series that did not exist yet.
     */
    public List<StaleSeries> staleness(SeriesSelector selector, Instant at, Duration threshold, Duration horizon) {
        String what = "the staleness of " + selector;
        List<StaleSeries> stale = new ArrayList<>();
        for (SeriesSample newest : newestWithin(selector, at, threshold, horizon, what)) {
            Duration silence = Duration.between(newest.time(), at);
            if (silence.compareTo(threshold) >= 0) {
                stale.add(new StaleSeries(newest.series(), newest.time(), silence));
            }
        }
        return stale;
    }

    /**
     * Nodes none of whose matching series was written in the {@code threshold} before {@code at}, with
     * the newest reading of any of them ("node X has no samples of Y since T"). One series still written
     * keeps its node off the list. Like {@link #staleness}, only nodes with a matching reading in the
     * {@code horizon} before {@code at} are considered.
     */
    public List<SilentNode> silentNodes(SeriesSelector selector, Instant at, Duration threshold, Duration horizon) {
        String what = "the silent nodes of " + selector;
        Map<String, Instant> newestByNode = new TreeMap<>();
        for (SeriesSample newest : newestWithin(selector, at, threshold, horizon, what)) {
            newestByNode.merge(newest.series().node(), newest.time(), (a, b) -> a.isAfter(b) ? a : b);
        }
        List<SilentNode> silent = new ArrayList<>();
        newestByNode.forEach((node, lastSeen) -> {
            Duration silence = Duration.between(lastSeen, at);
            if (silence.compareTo(threshold) >= 0) {
                silent.add(new SilentNode(node, selector, lastSeen, silence));
            }
        });
        return silent;
    }

    private List<SeriesSample> newestWithin(SeriesSelector selector, Instant at, Duration threshold,
                                            Duration horizon, String what) {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(at, "at");
        requirePositive(threshold, "threshold", what);
        requirePositive(horizon, "horizon", what);
        if (horizon.compareTo(threshold) <= 0) {
            throw new IllegalArgumentException("horizon " + horizon + " for " + what + " is not longer than the "
                    + "threshold " + threshold + ", so nothing could ever be reported; pass a horizon longer than "
                    + "the threshold, e.g. a day");
        }
        return store.newest(selector, at.minus(horizon), at,
                what + " at " + at + " (threshold " + threshold + ", horizon " + horizon + ")");
    }

    private static void requirePositive(Duration length, String name, String what) {
        Objects.requireNonNull(length, name);
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException(name + " " + length + " for " + what + " is not positive; pass a "
                    + "positive duration, e.g. Duration.ofMinutes(5)");
        }
    }
}

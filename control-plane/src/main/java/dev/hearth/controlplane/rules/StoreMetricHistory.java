package dev.hearth.controlplane.rules;

import dev.hearth.collector.query.MetricQueries;
import dev.hearth.collector.query.Point;
import dev.hearth.collector.query.SeriesKey;
import dev.hearth.collector.query.SeriesPoints;
import dev.hearth.collector.query.SeriesSample;
import dev.hearth.collector.query.SeriesSelector;
import dev.hearth.model.Sample;
import dev.hearth.rules.history.CounterIncrease;
import dev.hearth.rules.history.InMemoryMetricHistory;
import dev.hearth.rules.history.MetricHistory;
import dev.hearth.rules.history.SeriesIncrease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules' view of stored history, read from the metric store through {@link MetricQueries}.
 *
 * <p>Short windows are read as raw samples. Counter increases over long windows (SLO windows reach 3
 * days, thousands of samples per series) are what make an evaluation expensive, and they move slowly:
 * with {@code reuseLongWindows} an increase over a window of W that the history fills is read again only
 * once W/60 has passed (a 3-day window every 72 minutes, a 1-hour one every minute), else the previous
 * answer is reused. A window the history does not fill yet is read every time.
 * Without it a replay of hours in 15 s steps would read days of samples at every step; with it, a
 * replay still gives the same answer every time it is run over the same span and step.
 *
 * <p>The arithmetic (resets, births, where an increase is measured from) is
 * {@link InMemoryMetricHistory}'s, over the samples read here, so that the live loop, replays and rule
 * scenarios compute facts the same way.
 */
public final class StoreMetricHistory implements MetricHistory {
    /** The store keeps microseconds: one less than {@code from} makes its (from, to] range [from, to]. */
    private static final Duration ONE_TICK = Duration.ofNanos(1_000);
    /** How far back the sample before a window is looked for, to tell a counter's birth from a rise. */
    private static final Duration BIRTH_LOOKBACK = Duration.ofDays(400);

    private final MetricQueries queries;
    private final boolean reuseLongWindows;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public StoreMetricHistory(MetricQueries queries, boolean reuseLongWindows) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.reuseLongWindows = reuseLongWindows;
    }

    @Override
    public List<Sample> samples(Set<String> metrics, Instant from, Instant to) {
        List<Sample> out = new ArrayList<>();
        for (String metric : metrics) {
            for (SeriesPoints series : queries.range(SeriesSelector.metric(metric), from.minus(ONE_TICK), to)) {
                for (Point p : series.points()) {
                    out.add(sample(series.series(), p.time(), p.value()));
                }
            }
        }
        out.sort(Comparator.comparing(Sample::time));
        return out;
    }

    @Override
    public List<CounterIncrease> counterIncreases(String metric, Instant from, Instant to) {
        return around(metric, from, to, BIRTH_LOOKBACK).counterIncreases(metric, from, to);
    }

    @Override
    public List<SeriesIncrease> increases(String metric, Instant from, Instant to) {
        Duration window = Duration.between(from, to);
        if (!reuseLongWindows) {
            return around(metric, from, to, window).increases(metric, from, to);
        }
        String key = metric + "/" + window;
        Cached cached = cache.get(key);
        Duration reuseFor = window.dividedBy(60);
        if (cached != null && cached.full() && !to.isBefore(cached.at())
                && Duration.between(cached.at(), to).compareTo(reuseFor) < 0) {
            return cached.increases();
        }
        List<SeriesIncrease> fresh = around(metric, from, to, window).increases(metric, from, to);
        // only an answer over a window the history fills is worth reusing: while a fleet is younger than
        // the window, every new sample changes it a lot, and reading it is cheap anyway
        Instant filledFrom = from.plus(reuseFor);
        boolean full = !fresh.isEmpty() && fresh.stream().allMatch(i -> !i.start().time().isAfter(filledFrom));
        cache.put(key, new Cached(to, fresh, full));
        return fresh;
    }

    /**
     * The samples of {@code metric} in [from, to] and each series' last one at or before {@code from}
     * (looked for as far back as {@code lookback}): what the increase arithmetic needs to tell a rise
     * from a counter's birth and to measure from just before the window.
     */
    private InMemoryMetricHistory around(String metric, Instant from, Instant to, Duration lookback) {
        List<Sample> samples = new ArrayList<>();
        for (SeriesSample before : queries.latest(SeriesSelector.metric(metric), from.minus(ONE_TICK), lookback)) {
            samples.add(sample(before.series(), before.time(), before.value()));
        }
        samples.addAll(samples(Set.of(metric), from, to));
        return new InMemoryMetricHistory(samples);
    }

    private static Sample sample(SeriesKey series, Instant time, double value) {
        return new Sample(time, series.node(), series.metric(), series.labels(), value);
    }

    private record Cached(Instant at, List<SeriesIncrease> increases, boolean full) {
    }
}

package dev.hearth.rules.history;

import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link MetricHistory} over samples held in memory, for scenarios and tests. Samples are kept per
 * metric and series in time order, so a query touches only the metric it names.
 */
public final class InMemoryMetricHistory implements MetricHistory {
    private static final Comparator<Sample> BY_TIME = Comparator.comparing(Sample::time);
    /** metric → series key → samples, oldest first. */
    private final Map<String, Map<String, List<Sample>>> byMetric = new HashMap<>();

    public InMemoryMetricHistory(Collection<Sample> samples) {
        for (Sample s : samples) {
            byMetric.computeIfAbsent(s.metric(), m -> new LinkedHashMap<>())
                    .computeIfAbsent(s.node() + s.labels(), k -> new ArrayList<>()).add(s);
        }
        byMetric.values().forEach(series -> series.values().forEach(list -> list.sort(BY_TIME)));
    }

    @Override
    public List<Sample> samples(Set<String> metrics, Instant from, Instant to) {
        List<Sample> out = new ArrayList<>();
        for (String metric : metrics) {
            for (List<Sample> series : byMetric.getOrDefault(metric, Map.of()).values()) {
                for (int i = firstAtOrAfter(series, from); i < series.size() && !series.get(i).time().isAfter(to); i++) {
                    out.add(series.get(i));
                }
            }
        }
        out.sort(BY_TIME);
        return out;
    }

    @Override
    public List<CounterIncrease> counterIncreases(String metric, Instant from, Instant to) {
        List<CounterIncrease> out = new ArrayList<>();
        for (List<Sample> series : byMetric.getOrDefault(metric, Map.of()).values()) {
            for (int i = firstAtOrAfter(series, from); i < series.size() && !series.get(i).time().isAfter(to); i++) {
                Sample s = series.get(i);
                if (!s.time().isAfter(from) || !Double.isFinite(s.value())) {
                    continue;
                }
                double rise = rise(i == 0 ? null : lastFinite(series, i - 1), s);
                if (rise > 0) {
                    out.add(new CounterIncrease(s, rise));
                }
            }
        }
        out.sort(Comparator.comparing(c -> c.sample().time()));
        return out;
    }

    @Override
    public List<SeriesIncrease> increases(String metric, Instant from, Instant to) {
        List<SeriesIncrease> out = new ArrayList<>();
        for (List<Sample> series : byMetric.getOrDefault(metric, Map.of()).values()) {
            int first = firstAtOrAfter(series, from);
            // the baseline: the last sample at or before `from`
            boolean exact = first < series.size() && series.get(first).time().equals(from);
            int start = first > 0 && !exact ? first - 1 : first;
            Sample base = null;
            Sample last = null;
            double amount = 0;
            for (int i = start; i < series.size() && !series.get(i).time().isAfter(to); i++) {
                Sample s = series.get(i);
                if (!Double.isFinite(s.value())) {
                    continue;
                }
                if (base == null) {
                    base = s;
                } else {
                    amount += rise(last, s);
                }
                last = s;
            }
            if (base != null) {
                out.add(new SeriesIncrease(base, last, amount));
            }
        }
        return out;
    }

    /** A counter's rise from {@code before} to {@code s}; a drop means it was reset and rose from zero. */
    private static double rise(Sample before, Sample s) {
        if (before == null) {
            return s.value();
        }
        return s.value() >= before.value() ? s.value() - before.value() : s.value();
    }

    private static Sample lastFinite(List<Sample> series, int from) {
        for (int i = from; i >= 0; i--) {
            if (Double.isFinite(series.get(i).value())) {
                return series.get(i);
            }
        }
        return null;
    }

    /** Index of the first sample at or after {@code t} (binary search; the list is in time order). */
    private static int firstAtOrAfter(List<Sample> series, Instant t) {
        int lo = 0;
        int hi = series.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (series.get(mid).time().isBefore(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

package dev.hearth.rules.scenario;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line of a scenario's timeline: samples of one metric on one or more nodes.
 *
 * <ul>
 *   <li>{@code value} at {@code at}; with {@code until}, repeated every {@code every} (default: the
 *       scenario's interval) up to and including {@code until}, rising by {@code increase} each time
 *       (counters);</li>
 *   <li>or {@code values}: one value per step from {@code at}.</li>
 * </ul>
 */
public record TimelineEntry(Duration at, String node, List<String> nodes, String metric, Map<String, String> labels,
                            Double value, List<Double> values, Double increase, Duration every, Duration until) {
    public TimelineEntry {
        if (at == null) {
            throw new IllegalArgumentException("a timeline entry needs 'at', e.g. at: 30s");
        }
        if ((node == null) == (nodes == null || nodes.isEmpty())) {
            throw new IllegalArgumentException("give 'node' or 'nodes' (not both) in the timeline entry at "
                    + ScenarioDurations.format(at));
        }
        nodes = node != null ? List.of(node) : List.copyOf(nodes);
        node = null;
        if (metric == null || MetricCatalogue.byExposedName(metric).isEmpty()) {
            throw new IllegalArgumentException("metric '" + metric + "' at " + ScenarioDurations.format(at)
                    + " is not in the metric catalogue; use a catalogue name such as hearth_gpu_temperature_celsius");
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if ((value == null) == (values == null || values.isEmpty())) {
            throw new IllegalArgumentException("give 'value' or 'values' (not both) for " + metric + " at "
                    + ScenarioDurations.format(at));
        }
        values = values == null ? null : List.copyOf(values);
        if (values != null && (until != null || increase != null)) {
            throw new IllegalArgumentException("'values' lists every sample of " + metric + " at "
                    + ScenarioDurations.format(at) + "; drop 'until' and 'increase', or use 'value'");
        }
        if (every != null && (every.isZero() || every.isNegative())) {
            throw new IllegalArgumentException("'every' of " + metric + " must be positive, e.g. 5s");
        }
        if (until != null && until.compareTo(at) < 0) {
            throw new IllegalArgumentException("'until' " + ScenarioDurations.format(until) + " of " + metric
                    + " comes before 'at' " + ScenarioDurations.format(at));
        }
    }

    /** The samples this entry stands for, with times counted from {@code start}. */
    List<Sample> samples(Instant start, Duration interval) {
        Duration step = every == null ? interval : every;
        List<Double> series = new ArrayList<>();
        if (values != null) {
            series.addAll(values);
        } else {
            long steps = until == null ? 0 : until.minus(at).toMillis() / step.toMillis();
            double rise = increase == null ? 0 : increase;
            for (long i = 0; i <= steps; i++) {
                series.add(value + rise * i);
            }
        }
        List<Sample> out = new ArrayList<>();
        for (String n : nodes) {
            for (int i = 0; i < series.size(); i++) {
                out.add(new Sample(start.plus(at).plus(step.multipliedBy(i)), n, metric, labels, series.get(i)));
            }
        }
        return out;
    }
}

package dev.hearth.rules.facts;

import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Statistics of one series over {@code [now - windowSeconds, now]}. The window includes the last
 * sample taken at or before its start, so "every value in the window" also covers the time before
 * the first sample inside it.
 *
 * @param series   node, metric and labels in one string, for joins on one indexed equality
 * @param first    value of the oldest sample counted (the one at or before the window start when present)
 * @param complete the samples cover the window start (within the fact loader's slack) and the newest is fresh;
 *                 rules that say "for the whole window" must require it, so missing data never looks like a state
 */
public record SeriesWindow(String node, String metric, String series, Map<String, String> labels, long windowSeconds,
                           double min, double max, double mean, double first, double last, int count,
                           long firstMillis, long lastMillis, boolean complete) implements Evidence {
    public SeriesWindow {
        String fact = "window of " + metric + " on node " + node;
        FactChecks.text(node, "a series window", "node");
        FactChecks.text(metric, fact, "metric");
        FactChecks.text(series, fact, "series");
        labels = Map.copyOf(Objects.requireNonNull(labels, fact + " needs labels"));
        if (windowSeconds <= 0 || count < 1) {
            throw new IllegalArgumentException(fact + " spans " + windowSeconds + " s with " + count
                    + " samples; a window is positive and holds at least one sample");
        }
        FactChecks.finite(min, fact, "min");
        FactChecks.finite(max, fact, "max");
        FactChecks.finite(mean, fact, "mean");
        FactChecks.finite(first, fact, "first");
        FactChecks.finite(last, fact, "last");
        if (min > max || firstMillis > lastMillis) {
            throw new IllegalArgumentException(fact + " has min " + min + " > max " + max + " or first time "
                    + firstMillis + " after last " + lastMillis);
        }
    }

    /** The label's value, or "" when absent. */
    public String label(String name) {
        return labels.getOrDefault(name, "");
    }

    /** The sensor's name as people read it: the BMC sensor, or the GPU index of an nvidia-smi reading. */
    public String sensor() {
        String sensor = label("sensor");
        return sensor.isEmpty() ? "GPU " + label("gpu") : sensor;
    }

    /** Seconds from the oldest to the newest sample counted. */
    public long spanSeconds() {
        return (lastMillis - firstMillis) / 1000;
    }

    @Override
    public List<Sample> samples() {
        Sample newest = new Sample(Instant.ofEpochMilli(lastMillis), node, metric, labels, last);
        if (firstMillis == lastMillis) {
            return List.of(newest);
        }
        return List.of(new Sample(Instant.ofEpochMilli(firstMillis), node, metric, labels, first), newest);
    }

    @Override
    public long sinceMillis() {
        return firstMillis;
    }
}

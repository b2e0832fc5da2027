package dev.hearth.rules.facts;

import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sample as a rule fact. {@code series} identifies one time series (node, metric and labels) so
 * rules can join readings of the same sensor with a single equality, which Drools indexes.
 */
public record Reading(String node, String metric, String series, Map<String, String> labels, double value,
                      long epochMillis) implements Evidence {

    public static Reading of(Sample s) {
        return new Reading(s.node(), s.metric(), s.node() + "/" + s.metric() + s.labels(), s.labels(), s.value(),
                s.time().toEpochMilli());
    }

    /** The label's value, or "" when absent. */
    public String label(String name) {
        return labels.getOrDefault(name, "");
    }

    public Sample toSample() {
        return new Sample(Instant.ofEpochMilli(epochMillis), node, metric, labels, value);
    }

    @Override
    public List<Sample> samples() {
        return List.of(toSample());
    }

    @Override
    public long sinceMillis() {
        return epochMillis;
    }
}

package dev.hearth.collector;

import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test double of a source: answers one sample per metric name given, valued 1, at the time asked. */
final class FixedSourceDouble implements Source {
    private final String node;
    private final String kind;
    private final List<String> metrics;

    FixedSourceDouble(String node, String kind, String... metrics) {
        this.node = node;
        this.kind = kind;
        this.metrics = List.of(metrics);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public List<Sample> collect(Instant at) {
        return metrics.stream().map(m -> new Sample(at, node, m, Map.of(), 1)).toList();
    }
}

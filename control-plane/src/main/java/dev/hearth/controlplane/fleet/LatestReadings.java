package dev.hearth.controlplane.fleet;

import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.SampleSink;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import dev.hearth.model.Sample;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes samples on to the store and remembers the newest BMC readings, which the control plane
 * shows in {@code status}. Prometheus reads them from {@code /metrics/readings}, where they go stale
 * with their source; exposing them here as well would count them twice.
 */
public final class LatestReadings implements SampleSink {
    private static final Set<MetricSpec> REMEMBERED = Set.of(MetricCatalogue.BMC_TEMPERATURE,
            MetricCatalogue.BMC_FAN_SPEED, MetricCatalogue.BMC_POWER);

    private final SampleSink next;
    private final Map<String, Sample> latest = new ConcurrentHashMap<>();

    public LatestReadings(SampleSink next) {
        this.next = next;
    }

    @Override
    public void append(SampleBatch batch) {
        for (Sample s : batch.samples()) {
            for (MetricSpec spec : REMEMBERED) {
                if (spec.name().equals(s.metric())) {
                    latest.put(s.node() + "/" + s.metric() + s.labels(), s);
                }
            }
        }
        next.append(batch);
    }

    /** The newest reading of a node's metric whose {@code label} has {@code value}. */
    public Optional<Sample> latest(String node, String metric, String label, String value) {
        return latest.values().stream()
                .filter(s -> s.node().equals(node) && s.metric().equals(metric) && s.label(label).equals(value))
                .findFirst();
    }
}

package dev.hearth.controlplane.fleet;

import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.SampleSink;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import dev.hearth.model.Sample;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes samples on to the store and remembers the newest BMC readings, which the control plane
 * shows in {@code status} and exposes on its {@code /metrics} for dashboards.
 */
public final class LatestReadings implements SampleSink {
    private static final Set<MetricSpec> EXPOSED = Set.of(MetricCatalogue.BMC_TEMPERATURE,
            MetricCatalogue.BMC_FAN_SPEED, MetricCatalogue.BMC_POWER);

    private final SampleSink next;
    private final MeterRegistry registry;
    private final Map<String, Sample> latest = new ConcurrentHashMap<>();

    public LatestReadings(SampleSink next, MeterRegistry registry) {
        this.next = next;
        this.registry = registry;
    }

    @Override
    public void append(SampleBatch batch) {
        for (Sample s : batch.samples()) {
            for (MetricSpec spec : EXPOSED) {
                if (spec.name().equals(s.metric())) {
                    remember(spec, s);
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

    private void remember(MetricSpec spec, Sample s) {
        String key = s.node() + "/" + s.metric() + s.labels();
        if (latest.put(key, s) == null) {
            Tags tags = Tags.of("node", s.node());
            for (Map.Entry<String, String> label : s.labels().entrySet()) {
                tags = tags.and(label.getKey(), label.getValue());
            }
            Gauge.builder(spec.meterName(), latest, m -> m.get(key).value())
                    .description(spec.help()).tags(tags).register(registry);
        }
    }
}

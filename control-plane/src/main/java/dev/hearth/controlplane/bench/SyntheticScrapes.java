package dev.hearth.controlplane.bench;

import dev.hearth.collector.SampleBatch;
import dev.hearth.model.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a fleet's collector hands the store: every series of every node read once per scrape interval,
 * in batches of a fixed size. Series are {@code nodes × seriesPerNode}: up to 10 metrics per node, each
 * with a {@code sensor} label for the rest, so that label sets are as varied as the BMC and GPU ones.
 */
final class SyntheticScrapes {
    private static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final String[] METRICS = {"hearth_gpu_temperature_celsius", "hearth_gpu_power_watts",
            "hearth_gpu_utilization_ratio", "hearth_gpu_memory_used_bytes", "hearth_gpu_clock_hertz",
            "hearth_bmc_temperature_celsius", "hearth_bmc_fan_speed_rpm", "hearth_bmc_power_consumed_watts",
            "hearth_bmc_voltage_volts", "hearth_node_inflight_requests"};

    private final List<String> nodes = new ArrayList<>();
    private final List<String> metrics = new ArrayList<>();
    private final List<Map<String, String>> labels = new ArrayList<>();
    private final SplittableRandom random;

    SyntheticScrapes(int nodes, int seriesPerNode, long seed) {
        this.random = new SplittableRandom(seed);
        for (int n = 0; n < nodes; n++) {
            String node = "node-" + (n + 1);
            for (int s = 0; s < seriesPerNode; s++) {
                this.nodes.add(node);
                metrics.add(METRICS[s % METRICS.length]);
                labels.add(Map.of("sensor", "s" + s / METRICS.length, "household", "hh-" + (n / 4)));
            }
        }
    }

    int series() {
        return nodes.size();
    }

    /**
     * {@code samples} samples from {@code start} on, scrape after scrape, cut into batches of
     * {@code batchSize} (the last may be smaller).
     */
    List<SampleBatch> batches(Instant start, long samples, int batchSize) {
        List<SampleBatch> batches = new ArrayList<>();
        List<Sample> batch = new ArrayList<>(batchSize);
        Instant at = start;
        int next = 0;
        for (long i = 0; i < samples; i++) {
            batch.add(new Sample(at, nodes.get(next), metrics.get(next), labels.get(next), random.nextDouble() * 100));
            if (++next == nodes.size()) {
                next = 0;
                at = at.plus(INTERVAL);
            }
            if (batch.size() == batchSize) {
                batches.add(SampleBatch.of(batch));
                batch = new ArrayList<>(batchSize);
            }
        }
        if (!batch.isEmpty()) {
            batches.add(SampleBatch.of(batch));
        }
        return batches;
    }

    /** Where the scrape after {@code samples} samples from {@code start} would begin. */
    Instant after(Instant start, long samples) {
        return start.plus(INTERVAL.multipliedBy(samples / nodes.size() + 1));
    }
}

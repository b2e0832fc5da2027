package dev.hearth.collector;

import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test double of a BMC that always answers: {@code sensors} temperature readings per call, each valued
 * with the call's number (1, 2, ...), so every stored value says which collection wrote it.
 */
final class CountingSourceDouble implements Source {
    static final String METRIC = "hearth_bmc_temperature_celsius";

    private final String node;
    private final int sensors;
    private final AtomicInteger calls = new AtomicInteger();

    CountingSourceDouble(String node, int sensors) {
        this.node = node;
        this.sensors = sensors;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String kind() {
        return "bmc";
    }

    @Override
    public List<Sample> collect(Instant at) {
        int call = calls.incrementAndGet();
        List<Sample> samples = new ArrayList<>(sensors);
        for (int i = 0; i < sensors; i++) {
            samples.add(new Sample(at, node, METRIC, Map.of("sensor", "s" + i), call));
        }
        return samples;
    }

    int calls() {
        return calls.get();
    }
}

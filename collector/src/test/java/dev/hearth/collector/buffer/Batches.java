package dev.hearth.collector.buffer;

import dev.hearth.collector.SampleBatch;
import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small batches for buffer tests: {@code samples} readings of one node at one time, valued by index. */
final class Batches {
    private Batches() {
    }

    static SampleBatch of(Instant at, int samples) {
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            list.add(new Sample(at, "node-1", "hearth_bmc_temperature_celsius", Map.of("sensor", "s" + i), i));
        }
        return SampleBatch.of(list);
    }
}

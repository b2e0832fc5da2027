package dev.hearth.collector.ipmi;

import dev.hearth.model.Sample;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Looks up the one sample of a series in a list of samples, failing the test when it is not exactly one. */
final class SampleValues {
    private SampleValues() {
    }

    static double value(List<Sample> samples, String metric, Map<String, String> labels) {
        List<Sample> matching = samples.stream()
                .filter(s -> s.metric().equals(metric) && s.labels().equals(labels)).toList();
        assertThat(matching).as(metric + labels + " in " + samples.size() + " samples").hasSize(1);
        return matching.get(0).value();
    }
}

package dev.hearth.node.wire;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class WireMetersTest {

    @Test
    void bytesBeforeAndAfterEachCodecAreCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FrameCodec sender = new FrameCodec(WireConfig.defaults(), new WireMeters(registry, "node-a"));
        SimpleMeterRegistry receiverRegistry = new SimpleMeterRegistry();
        FrameCodec receiver = new FrameCodec(WireConfig.defaults(), new WireMeters(receiverRegistry, "node-b"));
        float[] token = new float[7168];
        Arrays.fill(token, 0.5f);
        float[] prefill = WireFixtures.gaussian(new SplittableRandom(3), 64 * 7168, 1);

        byte[] small = sender.encode(WireFixtures.hidden(1, 7168, token));
        byte[] small2 = sender.encode(WireFixtures.hidden(1, 7168, token));
        byte[] large = sender.encode(WireFixtures.hidden(64, 7168, prefill));
        receiver.decode(small);
        receiver.decode(large);

        assertThat(count(registry, "hearth_wire_raw_bytes", "lz4", "sent")).isEqualTo(2 * 4 * 7168);
        assertThat(count(registry, "hearth_wire_frames", "lz4", "sent")).isEqualTo(2);
        assertThat(count(registry, "hearth_wire_encoded_bytes", "lz4", "sent"))
                .isEqualTo(WireFixtures.payloadLength(small) + WireFixtures.payloadLength(small2)).isLessThan(4 * 7168);
        assertThat(count(registry, "hearth_wire_raw_bytes", "lossy", "sent")).isEqualTo(4 * 64 * 7168);
        assertThat(count(registry, "hearth_wire_encoded_bytes", "lossy", "sent")).isEqualTo(WireFixtures.payloadLength(large));
        assertThat(count(registry, "hearth_wire_frames", "raw", "sent")).isZero();
        assertThat(count(registry, "hearth_wire_frames", "lz4", "received")).isZero();

        assertThat(count(receiverRegistry, "hearth_wire_raw_bytes", "lz4", "received")).isEqualTo(4 * 7168);
        assertThat(count(receiverRegistry, "hearth_wire_encoded_bytes", "lz4", "received")).isEqualTo(WireFixtures.payloadLength(small));
        assertThat(count(receiverRegistry, "hearth_wire_frames", "lossy", "received")).isEqualTo(1);
    }

    @Test
    void exposedSeriesAreInTheCatalogueWithTheirLabels() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FrameCodec codec = new FrameCodec(WireConfig.defaults(), new WireMeters(registry, "node-p"));
        codec.decode(codec.encode(WireFixtures.error()));
        String text = registry.scrape();
        Matcher m = Pattern.compile("^(hearth_\\w+)\\{([^}]*)} ", Pattern.MULTILINE).matcher(text);
        List<String> problems = new ArrayList<>();
        int series = 0;
        while (m.find()) {
            series++;
            Optional<MetricSpec> spec = MetricCatalogue.byExposedName(m.group(1));
            if (spec.isEmpty()) {
                problems.add(m.group(1) + " is not in MetricCatalogue");
                continue;
            }
            Matcher label = Pattern.compile("(\\w+)=\"").matcher(m.group(2));
            List<String> labels = new ArrayList<>();
            while (label.find()) {
                labels.add(label.group(1));
            }
            if (!labels.containsAll(spec.get().labels()) || !spec.get().labels().containsAll(labels)) {
                problems.add(m.group(1) + " has labels " + labels + ", the catalogue says " + spec.get().labels());
            }
        }
        assertThat(problems).isEmpty();
        // 3 codecs × 2 directions × 3 counters, and one rejection counter per reason
        assertThat(series).isEqualTo(18 + WireFormatException.Reason.values().length);
        assertThat(text).contains("hearth_wire_frames_total{codec=\"raw\",direction=\"received\",node=\"node-p\"} 1.0");
    }

    private static double count(SimpleMeterRegistry registry, String name, String codec, String direction) {
        return registry.get(name).tag("codec", codec).tag("direction", direction).counter().count();
    }
}

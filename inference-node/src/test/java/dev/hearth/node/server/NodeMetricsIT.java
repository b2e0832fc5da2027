package dev.hearth.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelFlops;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.tokenizer.ByteTokenizer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A node's {@code /metrics}: every series is in the catalogue with its labels, and promtool finds nothing to fix. */
class NodeMetricsIT {
    private static final Pattern SERIES = Pattern.compile("^(hearth_\\w+)(?:\\{([^}]*)})? ", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"");

    @Test
    void metricsMatchTheCatalogueAndPassPromtool() throws Exception {
        ScalarKernels k = new ScalarKernels();
        Generator g = new Generator("hearth-tiny", DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3,
                "tiny"), 2, k, 128), new ByteTokenizer(), k);
        Http http = new Http();
        String metrics;
        try (InferenceNode node = new InferenceNode("node-m", g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new ObjectMapper(), Clock.systemUTC(), new SchedulerConfig(4, 8, 64, 16, 1024)).start(0)) {
            assertThat(http.post(node.baseUri().resolve("/v1/completions"), "{\"prompt\":\"hello\",\"max_tokens\":4,\"seed\":7}")
                    .statusCode()).isEqualTo(200);
            metrics = http.get(node.baseUri().resolve("/metrics")).body();
        }
        assertThat(metrics).contains("hearth_node_time_to_first_token_seconds_bucket{node=\"node-m\",le=\"0.6\"}")
                .contains("hearth_node_inter_token_latency_seconds_count{node=\"node-m\"} 3")
                .contains("hearth_node_queue_time_seconds_count{node=\"node-m\"} 1")
                .contains("hearth_household_requests_total{household=\"direct\",node=\"node-m\",outcome=\"ok\"} 1.0")
                .contains("hearth_household_tokens_total{direction=\"out\",household=\"direct\",node=\"node-m\"} 4.0")
                .contains("hearth_node_kv_usage_ratio{node=\"node-m\"} 0.0")
                .contains("hearth_node_batch_size{node=\"node-m\"} 1.0")
                .contains("hearth_node_expert_tokens_total{expert=\"15\",layer=\"3\",node=\"node-m\"}")
                .contains("hearth_household_kv_blocks{household=\"direct\",node=\"node-m\"} 0.0")
                // "hello" with BOS is 6 tokens, one prefill step, then 3 decode steps for tokens 2 to 4
                .contains("hearth_household_batch_slots_total{household=\"direct\",node=\"node-m\"} 4.0");
        ModelFlops flops = ModelFlops.of(g.model().config());
        Matcher executed = Pattern.compile("hearth_node_flops_total\\{node=\"node-m\"} (\\S+)").matcher(metrics);
        assertThat(executed.find()).as("hearth_node_flops_total in %s", metrics).isTrue();
        assertThat(Double.parseDouble(executed.group(1)))
                .isEqualTo((double) (flops.entry(0, 6) + flops.entry(6, 1) + flops.entry(7, 1) + flops.entry(8, 1)));
        // every token of the prompt and of the answer but the last went through each MoE layer: 4 experts each
        long routed = 0;
        Matcher layer1 = Pattern.compile("hearth_node_expert_tokens_total\\{expert=\"\\d+\",layer=\"1\",node=\"node-m\"} (\\S+)")
                .matcher(metrics);
        while (layer1.find()) {
            routed += (long) Double.parseDouble(layer1.group(1));
        }
        assertThat(routed).isEqualTo(4L * (6 + 3));
        // the request's four steps were the household's alone: all of their engine time is its own
        Matcher engine = Pattern.compile(
                "hearth_household_engine_seconds_total\\{household=\"direct\",node=\"node-m\"} (\\S+)").matcher(metrics);
        assertThat(engine.find()).as("hearth_household_engine_seconds_total in %s", metrics).isTrue();
        assertThat(Double.parseDouble(engine.group(1))).isPositive().isLessThan(10.0);
        assertThat(metrics).as("best effort holds no household out")
                .contains("hearth_household_held_seconds_total{household=\"direct\",node=\"node-m\"} 0.0");

        List<String> problems = new ArrayList<>();
        Matcher m = SERIES.matcher(metrics);
        while (m.find()) {
            Optional<MetricSpec> spec = MetricCatalogue.byExposedName(m.group(1));
            if (spec.isEmpty()) {
                problems.add(m.group(1) + " is not in MetricCatalogue");
                continue;
            }
            Matcher labels = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
            while (labels.find()) {
                String label = labels.group(1);
                if (!label.equals("le") && !spec.get().labels().contains(label)) {
                    problems.add(m.group(1) + " has label " + label + ", not in the catalogue's " + spec.get().labels());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(promtoolCheckMetrics(metrics)).isEmpty();
    }

    /** What {@code promtool check metrics} prints about the exposition (empty: nothing to fix). */
    private static String promtoolCheckMetrics(String exposition) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool not found: install the Debian package 'prometheus' (apt-get install -y prometheus)");
        }
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.trim();
    }
}

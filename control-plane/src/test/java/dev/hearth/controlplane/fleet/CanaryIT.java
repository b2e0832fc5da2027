package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.server.InferenceNode;
import dev.hearth.node.tokenizer.ByteTokenizer;
import dev.hearth.remediation.ActuationException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canary against real nodes: the same weights give the same greedy answer; other weights do not. */
class CanaryIT {
    private final ObjectMapper json = new ObjectMapper();
    private final List<InferenceNode> started = new ArrayList<>();
    private final Canary canary = new Canary(HttpClient.newHttpClient(), json, "hearth-tiny", Duration.ofSeconds(10));

    @AfterEach
    void stop() {
        started.forEach(InferenceNode::close);
    }

    private URI node(String id, long seed) {
        ScalarKernels k = new ScalarKernels();
        Generator g = new Generator("hearth-tiny", DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3,
                "tiny"), seed, k, 128), new ByteTokenizer(), k);
        InferenceNode n = new InferenceNode(id, g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), json,
                Clock.systemUTC(), new SchedulerConfig(4, 8, 64, 16, 4096)).start(0);
        started.add(n);
        return n.baseUri();
    }

    @Test
    void aNodeWithTheFleetsWeightsPassesAndOneWithOtherWeightsIsNamed() throws Exception {
        String fleetAnswer = canary.ask("node-1", node("node-1", 42));
        assertThat(fleetAnswer).isNotEmpty();
        assertThat(canary.verify("standby-1", node("standby-1", 42), fleetAnswer)).isPositive();
        URI wrong = node("standby-2", 43);
        assertThatThrownBy(() -> canary.verify("standby-2", wrong, fleetAnswer))
                .isInstanceOf(ActuationException.class)
                .hasMessageStartingWith("canary on standby-2 answered ")
                .hasMessageContaining(" where the fleet answers " + json.writeValueAsString(fleetAnswer))
                .hasMessageEndingWith(": its weights are not the fleet's; it is not routed");
    }

    @Test
    void aNodeThatDoesNotAnswerIsNamedWithItsAddress() {
        URI nothing = URI.create("http://127.0.0.1:9");
        assertThatThrownBy(() -> canary.verify("standby-3", nothing, "x"))
                .isInstanceOf(ActuationException.class)
                .hasMessageStartingWith("canary on standby-3 failed: http://127.0.0.1:9/v1/completions unreachable");
    }
}

package dev.hearth.node.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.tokenizer.ByteTokenizer;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.server.Http;
import dev.hearth.node.server.InferenceNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayIT {
    private static final String REQUEST = "{\"prompt\":\"ping\",\"max_tokens\":3}";
    private final ObjectMapper json = new ObjectMapper();
    private final Http http = new Http();
    private InferenceNode a;
    private InferenceNode b;
    private Gateway gateway;

    @BeforeEach
    void start() {
        a = node("node-a");
        b = node("node-b");
        Map<String, URI> nodes = new LinkedHashMap<>();
        nodes.put("node-a", a.baseUri());
        nodes.put("node-b", b.baseUri());
        gateway = new Gateway(new RouteTable(nodes), HttpClient.newHttpClient(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Duration.ofSeconds(10)).start(0, 0);
    }

    @AfterEach
    void stop() {
        gateway.close();
        a.close();
        b.close();
    }

    @Test
    void spreadsRequestsOverRoutableNodes() throws Exception {
        assertThat(servedBy(6)).containsExactlyInAnyOrder("node-a", "node-b");
    }

    @Test
    void isolatedNodeGetsNoTrafficAndComesBackOnRestore() throws Exception {
        HttpResponse<String> isolate = http.post(gateway.adminUri().resolve("/admin/nodes/node-a/isolate"), "");
        assertThat(isolate.statusCode()).isEqualTo(200);
        assertThat(json.readTree(isolate.body()).get("routable").asBoolean()).isFalse();
        assertThat(servedBy(6)).containsExactly("node-b");

        http.post(gateway.adminUri().resolve("/admin/nodes/node-a/restore"), "");
        assertThat(servedBy(6)).containsExactlyInAnyOrder("node-a", "node-b");
    }

    @Test
    void aDeadNodeCostsARetryNotAFailure() throws Exception {
        a.close();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = http.post(gateway.publicUri().resolve("/v1/completions"), REQUEST);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Hearth-Node")).contains("node-b");
        }
        String metrics = http.get(gateway.adminUri().resolve("/metrics")).body();
        assertThat(metrics).containsPattern("hearth_gateway_retries_total\\{node=\"node-a\"} [1-9]");
        assertThat(metrics).contains("hearth_gateway_requests_total{outcome=\"ok\"} 6");
        assertThat(metrics).contains("hearth_gateway_requests_total{outcome=\"failed\"} 0");
    }

    @Test
    void noRoutableNodeIsA503InOpenAiShape() throws Exception {
        http.post(gateway.adminUri().resolve("/admin/nodes/node-a/isolate"), "");
        http.post(gateway.adminUri().resolve("/admin/nodes/node-b/isolate"), "");
        HttpResponse<String> r = http.post(gateway.publicUri().resolve("/v1/completions"), REQUEST);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json.readTree(r.body()).get("error").get("code").asText()).isEqualTo("no_serving_node");
        assertThat(http.get(gateway.adminUri().resolve("/metrics")).body())
                .contains("hearth_gateway_routable_nodes 0")
                .contains("hearth_gateway_requests_total{outcome=\"unavailable\"} 1");
    }

    @Test
    void clientErrorsPassThroughWithoutRetry() throws Exception {
        HttpResponse<String> r = http.post(gateway.publicUri().resolve("/v1/completions"), "{}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("error").get("param").asText()).isEqualTo("prompt");
        assertThat(http.get(gateway.adminUri().resolve("/metrics")).body())
                .contains("hearth_gateway_requests_total{outcome=\"client_error\"} 1")
                .doesNotContain("hearth_gateway_retries_total{");
    }

    @Test
    void unknownNodeOnTheAdminApiIs404NamingTheFleet() throws Exception {
        HttpResponse<String> r = http.post(gateway.adminUri().resolve("/admin/nodes/node-z/isolate"), "");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("unknown node 'node-z'").contains("node-a, node-b");
    }

    @Test
    void aPromotedStandbyIsAddedUnroutedThenRoutedAndWeightsShiftTraffic() throws Exception {
        InferenceNode standby = node("standby-1");
        try {
            HttpResponse<String> added = put("/admin/nodes/standby-1", "{\"uri\": \"" + standby.baseUri()
                    + "\", \"routable\": false}");
            assertThat(added.statusCode()).isEqualTo(200);
            assertThat(servedBy(6)).containsExactlyInAnyOrder("node-a", "node-b");
            assertThat(put("/admin/nodes/standby-1", "{\"uri\": \"" + standby.baseUri() + "\"}").statusCode())
                    .isEqualTo(200);
            assertThat(servedBy(6)).containsExactlyInAnyOrder("node-a", "node-b", "standby-1");
            HttpResponse<String> weighted = http.post(gateway.adminUri().resolve("/admin/weights"),
                    "{\"node-a\": 4, \"node-b\": 1, \"standby-1\": 1}");
            assertThat(weighted.statusCode()).isEqualTo(200);
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 12; i++) {
                HttpResponse<String> r = http.post(gateway.publicUri().resolve("/v1/completions"), REQUEST);
                counts.merge(r.headers().firstValue("X-Hearth-Node").orElseThrow(), 1, Integer::sum);
            }
            assertThat(counts).containsEntry("node-a", 8).containsEntry("node-b", 2).containsEntry("standby-1", 2);
        } finally {
            standby.close();
        }
    }

    @Test
    void badRouteAndWeightBodiesAre400NamingTheValue() throws Exception {
        HttpResponse<String> notJson = put("/admin/nodes/standby-1", "{uri");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("the body is not valid JSON").contains("send e.g.");
        HttpResponse<String> noUri = put("/admin/nodes/standby-1", "{\"routable\": true}");
        assertThat(noUri.body()).contains("the body names no \\\"uri\\\"");
        HttpResponse<String> relative = put("/admin/nodes/standby-1", "{\"uri\": \"x/y\"}");
        assertThat(relative.statusCode()).isEqualTo(400);
        assertThat(relative.body()).contains("the address x/y of standby-1 is not an absolute http(s) URI");
        HttpResponse<String> zero = http.post(gateway.adminUri().resolve("/admin/weights"), "{\"node-a\": 0}");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(zero.body()).contains("the weight 0.0 of node-a is out of range");
        HttpResponse<String> text = http.post(gateway.adminUri().resolve("/admin/weights"), "{\"node-a\": \"high\"}");
        assertThat(text.body()).contains("the weight of node-a is \\\"high\\\"");
        HttpResponse<String> unknown = http.post(gateway.adminUri().resolve("/admin/weights"), "{\"node-z\": 1}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(http.get(gateway.adminUri().resolve("/admin/nodes")).body()))
                .extracting(n -> n.get("weight").asDouble()).containsExactly(1.0, 1.0);
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(gateway.adminUri().resolve(path))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Set<String> servedBy(int requests) throws Exception {
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> r = http.post(gateway.publicUri().resolve("/v1/completions"), REQUEST);
            assertThat(r.statusCode()).isEqualTo(200);
            nodes.add(r.headers().firstValue("X-Hearth-Node").orElseThrow());
        }
        return nodes;
    }

    private InferenceNode node(String id) {
        ScalarKernels k = new ScalarKernels();
        Generator g = new Generator("hearth-tiny", DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny"), 3, k, 128),
                new ByteTokenizer(), k);
        return new InferenceNode(id, g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), json,
                Clock.systemUTC(), new SchedulerConfig(4, 8, 64, 16, 4096)).start(0);
    }
}

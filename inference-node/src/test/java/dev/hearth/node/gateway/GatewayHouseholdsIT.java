package dev.hearth.node.gateway;

import dev.hearth.testsupport.ManualClockDouble;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.households.HouseholdQuota;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway with API keys: who may in, how much, and what the nodes learn about it. */
class GatewayHouseholdsIT {
    private static final String ALDER_KEY = "hh-alder-key";
    private static final String BIRCH_KEY = "hh-birch-key";
    /** Counts 3 (max_tokens) + 4 (prompt bytes) = 7 tokens. */
    private static final String REQUEST = "{\"prompt\":\"ping\",\"max_tokens\":3}";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ManualClockDouble clock = new ManualClockDouble(Instant.parse("2026-01-01T00:00:00Z"));
    private final Household alder = new Household("hh-1", "alder", new HouseholdQuota(20, 2, 64, 1.0));
    private final Household birch = new Household("hh-2", "birch", new HouseholdQuota(20_000, 4, 256, 2.5));
    private final ApiKeysDouble keys = new ApiKeysDouble().with(ALDER_KEY, alder).with(BIRCH_KEY, birch);
    private NodeDouble node;
    private Gateway gateway;

    @BeforeEach
    void start() {
        node = new NodeDouble();
        gateway = new Gateway(new RouteTable(Map.of("node-a", node.baseUri())), client,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Duration.ofSeconds(10), keys, clock)
                .start(0, 0);
    }

    @AfterEach
    void stop() {
        gateway.close();
        node.close();
    }

    @Test
    void noKeyIs401InOpenAiShapeAndReachesNoNode() throws Exception {
        HttpResponse<String> r = complete(null, REQUEST);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        JsonNode error = json.readTree(r.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("message").asText()).contains("Authorization: Bearer");
        assertThat(node.received()).isEmpty();
        assertThat(keys.lookups()).isZero();
    }

    @Test
    void aKeyInAnotherSchemeCountsAsNoKey() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(gateway.publicUri().resolve("/v1/completions"))
                .header("Authorization", "Basic " + ALDER_KEY).POST(HttpRequest.BodyPublishers.ofString(REQUEST)));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("no API key was sent");
    }

    @Test
    void unknownKeyIs401WithoutEchoingTheKey() throws Exception {
        HttpResponse<String> r = complete("hh-not-a-household", REQUEST);
        assertThat(r.statusCode()).isEqualTo(401);
        JsonNode error = json.readTree(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.get("message").asText()).contains("not valid for this fleet");
        assertThat(r.body()).doesNotContain("hh-not-a-household");
        assertThat(node.received()).isEmpty();
    }

    @Test
    void listingModelsNeedsAKeyButTheHealthCheckDoesNot() throws Exception {
        assertThat(send(HttpRequest.newBuilder(gateway.publicUri().resolve("/v1/models")).GET()).statusCode())
                .isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(gateway.publicUri().resolve("/v1/models"))
                .header("Authorization", "Bearer " + BIRCH_KEY).GET()).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(gateway.publicUri().resolve("/health")).GET()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theNodeLearnsTheHouseholdFromTheGatewayNotFromTheClient() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(gateway.publicUri().resolve("/v1/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "bearer " + BIRCH_KEY)
                .header("X-Hearth-Household", "hh-1")
                .header("X-Hearth-Household-Weight", "100")
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST)));
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, String> headers = node.received().get(0);
        assertThat(headers.get("X-Hearth-Household")).isEqualTo("hh-2");
        assertThat(headers.get("X-Hearth-Household-Weight")).isEqualTo("2.5");
        assertThat(headers).doesNotContainKey("Authorization");
    }

    @Test
    void overTheConcurrencyQuotaIs429WithRetryAfterOneSecond() throws Exception {
        Household roomy = new Household("hh-3", "rowan", new HouseholdQuota(20_000, 2, 64, 1.0));
        keys.with("hh-rowan-key", roomy);
        node.hold("hh-3");
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(client.sendAsync(completion("hh-rowan-key", REQUEST).build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(node.awaitArrivals(2)).isTrue();

        HttpResponse<String> third = complete("hh-rowan-key", REQUEST);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).contains("1");
        JsonNode error = json.readTree(third.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("type").asText()).isEqualTo("requests");
        assertThat(error.get("message").asText()).contains("rowan").contains("max_concurrent").contains("2");
        // another household is not held up by this one's limit
        assertThat(complete(BIRCH_KEY, REQUEST).statusCode()).isEqualTo(200);
        assertThat(metrics()).contains("hearth_gateway_quota_rejections_total{household=\"hh-3\",quota=\"concurrency\"} 1.0")
                .doesNotContain("quota=\"tokens_per_minute\"")
                .doesNotContain("hearth_gateway_quota_rejections_total{household=\"hh-2\"");

        node.release();
        for (CompletableFuture<HttpResponse<String>> f : held) {
            assertThat(f.get().statusCode()).isEqualTo(200);
        }
        assertThat(complete("hh-rowan-key", REQUEST).statusCode()).isEqualTo(200);
    }

    @Test
    void overTheTokensPerMinuteQuotaIs429UntilTheBudgetRefills() throws Exception {
        // alder may ask for 20 tokens a minute; each request counts 7
        assertThat(complete(ALDER_KEY, REQUEST).statusCode()).isEqualTo(200);
        assertThat(complete(ALDER_KEY, REQUEST).statusCode()).isEqualTo(200);

        HttpResponse<String> third = complete(ALDER_KEY, REQUEST);
        assertThat(third.statusCode()).isEqualTo(429);
        // 6 tokens left, 1 short; 20 a minute refill one in 3 s
        assertThat(third.headers().firstValue("Retry-After")).contains("3");
        JsonNode error = json.readTree(third.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("tokens");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).contains("tokens_per_minute").contains("20");
        assertThat(node.received()).hasSize(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(complete(ALDER_KEY, REQUEST).statusCode()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(1));
        assertThat(complete(ALDER_KEY, REQUEST).statusCode()).isEqualTo(200);
        assertThat(complete(ALDER_KEY, REQUEST).statusCode()).isEqualTo(200);
        assertThat(complete(ALDER_KEY, REQUEST).statusCode()).isEqualTo(429);
        // three refusals in all, each by the tokens-per-minute quota
        assertThat(metrics())
                .contains("hearth_gateway_quota_rejections_total{household=\"hh-1\",quota=\"tokens_per_minute\"} 3.0")
                .doesNotContain("quota=\"concurrency\"");
    }

    @Test
    void aRequestLargerThanTheWholeBudgetIsRefusedAsTooLargeNotToRetry() throws Exception {
        HttpResponse<String> r = complete(ALDER_KEY, "{\"prompt\":\"ping\",\"max_tokens\":500}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        JsonNode error = json.readTree(r.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("max_tokens");
        assertThat(error.get("message").asText()).contains("504").contains("lower max_tokens");
        // no wait would admit it: a request to change, not a quota at work
        assertThat(metrics()).doesNotContain("hearth_gateway_quota_rejections_total{");
    }

    @Test
    void rejectionsCountAsClientErrorsAndAKeyStoreOutageAsUnavailable() throws Exception {
        complete(null, REQUEST);
        complete("hh-wrong", REQUEST);
        keys.breakDown();
        HttpResponse<String> r = complete(BIRCH_KEY, REQUEST);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json.readTree(r.body()).get("error").get("code").asText()).isEqualTo("authentication_unavailable");
        String metrics = send(HttpRequest.newBuilder(gateway.adminUri().resolve("/metrics")).GET()).body();
        assertThat(metrics).contains("hearth_gateway_requests_total{outcome=\"client_error\"} 2")
                .contains("hearth_gateway_requests_total{outcome=\"unavailable\"} 1");
    }

    private String metrics() throws Exception {
        return send(HttpRequest.newBuilder(gateway.adminUri().resolve("/metrics")).GET()).body();
    }

    private HttpResponse<String> complete(String key, String body) throws Exception {
        return send(completion(key, body));
    }

    private HttpRequest.Builder completion(String key, String body) {
        URI uri = gateway.publicUri().resolve("/v1/completions");
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return key == null ? b : b.header("Authorization", "Bearer " + key);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

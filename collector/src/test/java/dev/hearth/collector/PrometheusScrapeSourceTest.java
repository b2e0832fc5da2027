package dev.hearth.collector;

import dev.hearth.collector.openmetrics.ExpositionParser;
import dev.hearth.collector.openmetrics.ParseLimits;
import dev.hearth.model.Sample;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusScrapeSourceTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final AtomicReference<String> lastAccept = new AtomicReference<>();
    private static Javalin server;
    private static HttpClient http;

    @BeforeAll
    static void startServer() {
        String exposition = PrometheusTextParserTest.resource("prometheus/micrometer-0.0.4.txt");
        String openMetrics = PrometheusTextParserTest.resource("prometheus/openmetrics.txt");
        server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/metrics", ctx -> {
                lastAccept.set(ctx.header("Accept"));
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(exposition);
            });
            cfg.routes.get("/openmetrics", ctx -> ctx
                    .contentType("application/openmetrics-text; version=1.0.0; charset=utf-8").result(openMetrics));
            cfg.routes.get("/protobuf", ctx -> ctx.contentType("application/vnd.google.protobuf").result("x"));
            cfg.routes.get("/broken", ctx -> ctx.contentType("text/plain").result("ok 1\nbad{a=\"x} 2\n"));
            cfg.routes.get("/unavailable", ctx -> ctx.status(503).result("shutting down"));
        }).start("127.0.0.1", 0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private PrometheusScrapeSource source(String path, Duration timeout) {
        return new PrometheusScrapeSource("n1", url(path), http, timeout, new PrometheusTextParser());
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void turnsEverySeriesIntoASampleOfTheNodeAtTheCollectionTime() throws CollectException {
        PrometheusScrapeSource source = source("/metrics", Duration.ofSeconds(2));

        List<Sample> samples = source.collect(AT);

        assertThat(source.kind()).isEqualTo("node");
        assertThat(source.node()).isEqualTo("n1");
        assertThat(samples).hasSize(10).allSatisfy(s -> {
            assertThat(s.time()).isEqualTo(AT);
            assertThat(s.node()).isEqualTo("n1");
            assertThat(s.labels()).doesNotContainKey("node"); // the node column carries it
        });
        assertThat(samples).contains(
                new Sample(AT, "n1", "hearth_node_request_duration_seconds_bucket", Map.of("le", "0.6"), 1),
                new Sample(AT, "n1", "hearth_node_requests_total", Map.of("outcome", "ok"), 3),
                new Sample(AT, "n1", "hearth_node_inflight_requests", Map.of(), Double.NaN));
        assertThat(lastAccept.get()).startsWith("text/plain;version=0.0.4");
    }

    @Test
    void readsAnOpenMetricsAnswerByItsContentTypeWithoutCreationTimes() throws CollectException {
        List<Sample> samples = source("/openmetrics", Duration.ofSeconds(2)).collect(AT);

        assertThat(samples).contains(
                new Sample(AT, "n1", "hearth_gateway_requests_total", Map.of("outcome", "ok"), 17),
                new Sample(AT, "n1", "hearth_gateway_request_duration_seconds_count", Map.of(), 5),
                new Sample(AT, "n1", "process_start_created", Map.of(), 1.6999e9));
        assertThat(samples).extracting(Sample::metric)
                .doesNotContain("hearth_gateway_requests_created", "hearth_gateway_request_duration_seconds_created");
    }

    @Test
    void aContentTypeThatIsNoTextExpositionIsRefused() {
        assertThatThrownBy(() -> source("/protobuf", Duration.ofSeconds(2)).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageStartingWith("GET " + url("/protobuf") + " returned an invalid Prometheus exposition: ")
                .hasMessageContaining("content type 'application/vnd.google.protobuf' is not a text exposition");
    }

    @Test
    void anAnswerLargerThanTheLimitIsRefusedWhileItIsRead() {
        PrometheusTextParser small = new PrometheusTextParser(new ExpositionParser(new ParseLimits(100, 100, 10, 10)));
        PrometheusScrapeSource source = new PrometheusScrapeSource("n1", url("/metrics"), http, Duration.ofSeconds(2),
                small);

        assertThatThrownBy(() -> source.collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessage("GET " + url("/metrics") + " answered more than 100 bytes, the most one exposition may have");
    }

    @Test
    void anHttpErrorNamesTheUrlAndStatus() {
        assertThatThrownBy(() -> source("/unavailable", Duration.ofSeconds(2)).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessage("GET " + url("/unavailable") + " answered HTTP 503 (expected 200)");
    }

    @Test
    void aMalformedExpositionNamesTheUrlAndLine() {
        assertThatThrownBy(() -> source("/broken", Duration.ofSeconds(2)).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageStartingWith("GET " + url("/broken") + " returned an invalid Prometheus exposition: line 2: ")
                .hasMessageContaining("value of label a is not terminated");
    }

    @Test
    void aTargetThatNeverAnswersTimesOut() throws IOException {
        // accepts the connection and then says nothing, like a hung process
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI metrics = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/metrics");
            PrometheusScrapeSource source = new PrometheusScrapeSource("n1", metrics, http, Duration.ofMillis(200),
                    new PrometheusTextParser());

            assertThatThrownBy(() -> source.collect(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("GET " + metrics + " did not answer within PT0.2S");
        }
    }

    @Test
    void aTargetThatStallsInTheMiddleOfItsAnswerTimesOut() throws Exception {
        // sends its headers and the start of the body, then nothing more, like a wedged exporter
        try (ServerSocket stalling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket client = stalling.accept()) {
                    client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n"
                            + "Content-Length: 1000\r\n\r\na 1\n").getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                    Thread.sleep(5_000);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            server.setDaemon(true);
            server.start();
            URI metrics = URI.create("http://127.0.0.1:" + stalling.getLocalPort() + "/metrics");
            PrometheusScrapeSource source = new PrometheusScrapeSource("n1", metrics, http, Duration.ofMillis(300),
                    new PrometheusTextParser());

            assertThatThrownBy(() -> source.collect(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("GET " + metrics + " did not answer within PT0.3S");
            server.interrupt();
        }
    }

    @Test
    void aRefusedConnectionNamesTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI metrics = URI.create("http://127.0.0.1:" + closedPort + "/metrics");
        PrometheusScrapeSource source = new PrometheusScrapeSource("n1", metrics, http, Duration.ofSeconds(2),
                new PrometheusTextParser());

        assertThatThrownBy(() -> source.collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageStartingWith("GET " + metrics + " failed: ConnectException");
    }

    @Test
    void rejectsANonPositiveTimeout() {
        assertThatThrownBy(() -> source("/metrics", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scrape timeout PT0S")
                .hasMessageContaining("must be positive");
    }
}

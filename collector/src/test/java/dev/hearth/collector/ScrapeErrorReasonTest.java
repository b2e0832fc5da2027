package dev.hearth.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.gpu.GpuOutputException;
import dev.hearth.collector.ipmi.IpmiOutputException;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The reason class of real failures of the real sources, against real loopback servers. */
class ScrapeErrorReasonTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final String THERMAL = "/redfish/v1/Chassis/Main/Thermal";
    private static Javalin server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startServer() {
        server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/unavailable", ctx -> ctx.status(503).result("shutting down"));
            cfg.routes.get("/broken", ctx -> ctx.contentType("text/plain").result("ok 1\nbad{a=\"x} 2\n"));
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private static ScrapeErrorReason scrape(URI url, Duration timeout) {
        Source source = new PrometheusScrapeSource("n1", url, HTTP, timeout, new PrometheusTextParser());
        return ScrapeErrorReason.of(catchThrowableOfType(CollectException.class, () -> source.collect(AT)));
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void anHttpErrorStatusIsHttp() {
        assertThat(scrape(url("/unavailable"), Duration.ofSeconds(2))).isEqualTo(ScrapeErrorReason.HTTP);
    }

    @Test
    void aMalformedExpositionIsParse() {
        assertThat(scrape(url("/broken"), Duration.ofSeconds(2))).isEqualTo(ScrapeErrorReason.PARSE);
    }

    @Test
    void aClosedPortIsRefused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThat(scrape(URI.create("http://127.0.0.1:" + closedPort + "/metrics"), Duration.ofSeconds(2)))
                .isEqualTo(ScrapeErrorReason.REFUSED);
    }

    @Test
    void aTargetThatNeverAnswersIsTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(scrape(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/metrics"),
                    Duration.ofMillis(200))).isEqualTo(ScrapeErrorReason.TIMEOUT);
        }
    }

    @Test
    void aRedfishReplyOfTheWrongShapeOrInvalidJsonIsParse() {
        try (RedfishTreeServer bmc = RedfishTreeServer.servingResource("redfish/gpu-node")) {
            RedfishSource source = new RedfishSource("n1", bmc.serviceRoot(), HTTP, new ObjectMapper(),
                    Duration.ofSeconds(5));

            bmc.override(THERMAL, "{\"Temperatures\": [{\"Name\": \"CPU Temp\", \"ReadingCelsius\": \"41\"}]}");
            assertThat(ScrapeErrorReason.of(catchThrowableOfType(CollectException.class, () -> source.collect(AT))))
                    .isEqualTo(ScrapeErrorReason.PARSE);
            bmc.override(THERMAL, "{\"Temperatures\": [");
            assertThat(ScrapeErrorReason.of(catchThrowableOfType(CollectException.class, () -> source.collect(AT))))
                    .isEqualTo(ScrapeErrorReason.PARSE);
        }
    }

    @Test
    void unusableToolOutputIsParseAndAnythingElseIsOther() {
        assertThat(ScrapeErrorReason.of(new CollectException("ipmi-sensors wrote unusable output",
                new IpmiOutputException("line 3")))).isEqualTo(ScrapeErrorReason.PARSE);
        assertThat(ScrapeErrorReason.of(new CollectException("nvidia-smi wrote unusable XML",
                new GpuOutputException("no <gpu>")))).isEqualTo(ScrapeErrorReason.PARSE);
        assertThat(ScrapeErrorReason.of(new CollectException("ipmitool exited with status 1: 'Unable to establish"
                + " IPMI v2 / RMCP+ session'"))).isEqualTo(ScrapeErrorReason.OTHER);
        assertThat(ScrapeErrorReason.INTERNAL.label()).isEqualTo("internal");
    }
}

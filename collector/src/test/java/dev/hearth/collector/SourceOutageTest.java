package dev.hearth.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.buffer.BatchBuffer;
import dev.hearth.collector.buffer.BufferConfig;
import dev.hearth.testsupport.ManualClockDouble;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;
import dev.hearth.model.Topology;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A node and its BMC that stop answering, with real sources over real HTTP: their series get no new
 * sample (they go stale) and {@code hearth_scrape_up} reads 0; nothing reads a made-up 0.
 */
class SourceOutageTest {
    private static final Instant T1 = Instant.parse("2025-01-02T03:04:00Z");
    private static final Instant T2 = T1.plusSeconds(15);
    private static final String UP = MetricCatalogue.SCRAPE_UP.name();
    private static final String DURATION = MetricCatalogue.SCRAPE_DURATION.name();

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FailingSinkDouble sink = new FailingSinkDouble();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void aNodeAndBmcThatStopAnsweringWriteUpZeroAndNoReadings() {
        String exposition = PrometheusTextParserTest.resource("prometheus/micrometer-0.0.4.txt");
        Javalin node = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(exposition));
        }).start("127.0.0.1", 0);
        RedfishTreeServer bmc = RedfishTreeServer.servingResource("redfish/gpu-node");
        List<Source> sources = List.of(
                new PrometheusScrapeSource("node-1", URI.create("http://127.0.0.1:" + node.port() + "/metrics"), http,
                        Duration.ofSeconds(2), new PrometheusTextParser()),
                new RedfishSource("node-1", bmc.serviceRoot(), http, new ObjectMapper(), Duration.ofSeconds(2)));
        Collector collector = new Collector(sources,
                new TopologyLabels(Map.of("node-1", new Topology("household-1", "building-1", "spine-1"))),
                new BatchBuffer(sink, BufferConfig.inMemory(1000), registry, new ManualClockDouble(T1)), registry, pool);

        CollectionResult answering = collector.collectOnce(T1);
        node.stop();
        bmc.close();
        CollectionResult silent = collector.collectOnce(T2);

        assertThat(answering.sourcesFailed()).isZero();
        List<Sample> before = sink.accepted().get(0);
        assertThat(before).filteredOn(s -> s.metric().startsWith("hearth_bmc_temperature")).isNotEmpty();
        assertThat(before.size()).isGreaterThan(10);

        assertThat(silent.sourcesFailed()).isEqualTo(2);
        assertThat(sink.accepted().get(1))
                .extracting(Sample::metric, s -> s.label("source"), s -> s.metric().equals(UP) ? s.value() : null)
                .containsExactlyInAnyOrder(
                        tuple(UP, "node", 0.0), tuple(DURATION, "node", null),
                        tuple(UP, "bmc", 0.0), tuple(DURATION, "bmc", null));
        assertThat(registry.get(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.meterName())
                .tags("node", "node-1", "reason", ScrapeErrorReason.REFUSED.label()).counters())
                .extracting(c -> c.getId().getTag("source"), c -> c.count())
                .containsExactlyInAnyOrder(tuple("node", 1.0), tuple("bmc", 1.0));
    }
}

package dev.hearth.collector;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class CollectorTest {
    private static final Instant T1 = Instant.parse("2025-01-02T03:04:00Z");
    private static final Instant T2 = T1.plusSeconds(15);
    private static final Instant T3 = T2.plusSeconds(15);
    private static final Instant T4 = T3.plusSeconds(15);
    private static final String UP = MetricCatalogue.SCRAPE_UP.name();
    private static final String DURATION = MetricCatalogue.SCRAPE_DURATION.name();

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final FailingSinkDouble sink = new FailingSinkDouble();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private Collector collector(int maxPending, Source... sources) {
        return new Collector(List.of(sources), sink, registry, pool, maxPending);
    }

    @Test
    void storesEverySourcesSamplesWithScrapeUpAndDuration() {
        Collector collector = collector(100,
                new FixedSourceDouble("n1", "bmc", "hearth_bmc_temperature_celsius"),
                new FixedSourceDouble("n2", "node", "hearth_node_inflight_requests"));

        CollectionResult result = collector.collectOnce(T1);

        assertThat(result).isEqualTo(new CollectionResult(6, 0, 0));
        assertThat(sink.accepted()).singleElement().satisfies(batch -> {
            assertThat(batch).extracting(Sample::node, Sample::metric, s -> s.label("source"), Sample::time)
                    .containsExactly(
                            tuple("n1", "hearth_bmc_temperature_celsius", "", T1),
                            tuple("n1", UP, "bmc", T1),
                            tuple("n1", DURATION, "bmc", T1),
                            tuple("n2", "hearth_node_inflight_requests", "", T1),
                            tuple("n2", UP, "node", T1),
                            tuple("n2", DURATION, "node", T1));
            assertThat(batch).filteredOn(s -> s.metric().equals(UP)).extracting(Sample::value).containsOnly(1.0);
            assertThat(batch).filteredOn(s -> s.metric().equals(DURATION))
                    .allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0.0));
        });
    }

    @Test
    void aFailedSourceIsReportedDownAndCountedWhileTheOthersAreStored() {
        Collector collector = collector(100,
                FailingSourceDouble.down("n1", "bmc"),
                FailingSourceDouble.buggy("n2", "bmc"),
                new FixedSourceDouble("n3", "node", "hearth_node_inflight_requests"));

        CollectionResult result = collector.collectOnce(T1);

        assertThat(result.sourcesFailed()).isEqualTo(2);
        assertThat(result.samplesStored()).isEqualTo(2 + 2 + 3);
        assertThat(sink.accepted().get(0))
                .filteredOn(s -> s.metric().equals(UP))
                .extracting(Sample::node, Sample::value)
                .containsExactly(tuple("n1", 0.0), tuple("n2", 0.0), tuple("n3", 1.0));
        assertThat(registry.get(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.meterName()).tag("source", "bmc")
                .counter().count()).isEqualTo(2.0);
        assertThat(registry.get(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.meterName()).tag("source", "node")
                .counter().count()).isZero();
    }

    @Test
    void collectsSourcesConcurrently() {
        CyclicBarrier bothAtOnce = new CyclicBarrier(2);
        Collector collector = collector(100,
                new RendezvousSourceDouble("n1", bothAtOnce), new RendezvousSourceDouble("n2", bothAtOnce));

        CollectionResult result = collector.collectOnce(T1);

        assertThat(result.sourcesFailed()).isZero();
        assertThat(sink.accepted().get(0)).filteredOn(s -> s.metric().equals("rendezvous")).hasSize(2);
    }

    @Test
    void keepsSamplesWhileTheStoreIsDownAndStoresThemFirstWhenItIsBack() {
        Collector collector = collector(100, new FixedSourceDouble("n1", "bmc", "hearth_bmc_fan_speed_rpm"));

        sink.down();
        CollectionResult whileDown = collector.collectOnce(T1);
        sink.up();
        CollectionResult afterwards = collector.collectOnce(T2);

        assertThat(whileDown).isEqualTo(new CollectionResult(0, 0, 3));
        assertThat(afterwards).isEqualTo(new CollectionResult(6, 0, 0));
        assertThat(sink.acceptedSamples())
                .extracting(Sample::time, Sample::metric)
                .containsExactly(
                        tuple(T1, "hearth_bmc_fan_speed_rpm"), tuple(T1, UP), tuple(T1, DURATION),
                        tuple(T2, "hearth_bmc_fan_speed_rpm"), tuple(T2, UP), tuple(T2, DURATION));
        assertThat(collector.samplesDropped()).isZero();
    }

    @Test
    void boundsThePendingSamplesByDroppingTheOldestBatchesFirst() {
        Collector collector = collector(5, new FixedSourceDouble("n1", "bmc", "a"));

        sink.down();
        assertThat(collector.collectOnce(T1).pendingSamples()).isEqualTo(3);
        assertThat(collector.collectOnce(T2).pendingSamples()).isEqualTo(3);
        assertThat(collector.collectOnce(T3).pendingSamples()).isEqualTo(3);
        assertThat(collector.samplesDropped()).isEqualTo(6);
        assertThat(pendingGauge()).isEqualTo(3.0);
        sink.up();
        CollectionResult recovered = collector.collectOnce(T4);

        assertThat(recovered).isEqualTo(new CollectionResult(6, 0, 0));
        assertThat(sink.acceptedSamples())
                .extracting(Sample::time, Sample::metric)
                .containsExactly(
                        tuple(T3, "a"), tuple(T3, UP), tuple(T3, DURATION),
                        tuple(T4, "a"), tuple(T4, UP), tuple(T4, DURATION));
        assertThat(pendingGauge()).isZero();
    }

    @Test
    void keepsNothingWhenMaxPendingIsZero() {
        Collector collector = collector(0, new FixedSourceDouble("n1", "bmc", "a"));

        sink.down();
        CollectionResult result = collector.collectOnce(T1);

        assertThat(result).isEqualTo(new CollectionResult(0, 0, 0));
        assertThat(collector.samplesDropped()).isEqualTo(3);
    }

    @Test
    void exposesTheCollectorMetersUnderTheCatalogueNames() {
        Collector collector = collector(100, new FixedSourceDouble("n1", "bmc", "a"));
        collector.collectOnce(T1);

        String exposition = registry.scrape();

        assertThat(exposition)
                .contains(MetricCatalogue.COLLECTOR_SAMPLES_STORED.name() + " 3.0")
                .contains(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.name() + "{source=\"bmc\"} 0.0")
                .contains(MetricCatalogue.COLLECTOR_PENDING_SAMPLES.name() + " 0.0")
                .contains(MetricCatalogue.COLLECTOR_LAST_SUCCESS.name() + " " + (double) T1.getEpochSecond())
                .contains("# HELP " + MetricCatalogue.COLLECTOR_SAMPLES_STORED.name() + " "
                        + MetricCatalogue.COLLECTOR_SAMPLES_STORED.help());
    }

    @Test
    void rejectsANegativeBound() {
        assertThatThrownBy(() -> collector(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxPending is -1;");
    }

    @Test
    void withoutSourcesThereIsNothingToStore() {
        assertThat(collector(10).collectOnce(T1)).isEqualTo(new CollectionResult(0, 0, 0));
        assertThat(sink.offered()).isEmpty();
    }

    private double pendingGauge() {
        return registry.get(MetricCatalogue.COLLECTOR_PENDING_SAMPLES.meterName()).gauge().value();
    }
}

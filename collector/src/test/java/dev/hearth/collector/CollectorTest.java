package dev.hearth.collector;

import dev.hearth.collector.buffer.BatchBuffer;
import dev.hearth.collector.buffer.BufferConfig;
import dev.hearth.testsupport.ManualClockDouble;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import dev.hearth.model.Sample;
import dev.hearth.model.Topology;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class CollectorTest {
    private static final Instant T1 = Instant.parse("2025-01-02T03:04:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final Instant T2 = T1.plus(INTERVAL);
    private static final Instant T3 = T2.plus(INTERVAL);
    private static final Instant T4 = T3.plus(INTERVAL);
    private static final String UP = MetricCatalogue.SCRAPE_UP.name();
    private static final String DURATION = MetricCatalogue.SCRAPE_DURATION.name();
    private static final TopologyLabels TOPOLOGY = new TopologyLabels(Map.of(
            "n1", new Topology("household-1", "building-1", "spine-1"),
            "n2", new Topology("household-2", "building-1", "spine-1"),
            "n3", new Topology("household-3", "building-2", "spine-1")));

    @TempDir
    Path spill;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ManualClockDouble clock = new ManualClockDouble(T1);
    private final FailingSinkDouble sink = new FailingSinkDouble();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private Collector collector(BufferConfig config, Source... sources) {
        return collector(new BatchBuffer(sink, config, registry, clock), sources);
    }

    private Collector collector(BatchBuffer buffer, Source... sources) {
        return new Collector(List.of(sources), TOPOLOGY, buffer, registry, pool);
    }

    private Collector collector(int maxPending, Source... sources) {
        return collector(BufferConfig.inMemory(maxPending), sources);
    }

    /** Collects at the next interval, with the clock there too. */
    private CollectionResult collectNext(Collector collector) {
        return collector.collectOnce(clock.advance(INTERVAL));
    }

    @Test
    void storesEverySourcesSamplesWithScrapeUpDurationAndTheNodesTopology() {
        Collector collector = collector(100,
                new FixedSourceDouble("n1", "bmc", "hearth_bmc_temperature_celsius"),
                new FixedSourceDouble("n3", "node", "hearth_node_inflight_requests"));

        CollectionResult result = collector.collectOnce(T1);

        assertThat(result).isEqualTo(new CollectionResult(6, 0, 0, 0));
        assertThat(sink.accepted()).singleElement().satisfies(batch -> {
            assertThat(batch).extracting(Sample::node, Sample::metric, s -> s.label("source"), Sample::time)
                    .containsExactly(
                            tuple("n1", "hearth_bmc_temperature_celsius", "", T1),
                            tuple("n1", UP, "bmc", T1),
                            tuple("n1", DURATION, "bmc", T1),
                            tuple("n3", "hearth_node_inflight_requests", "", T1),
                            tuple("n3", UP, "node", T1),
                            tuple("n3", DURATION, "node", T1));
            assertThat(batch).filteredOn(s -> s.node().equals("n1")).extracting(
                            s -> s.label("household"), s -> s.label("building"), s -> s.label("spine"))
                    .containsOnly(tuple("household-1", "building-1", "spine-1"));
            assertThat(batch).filteredOn(s -> s.node().equals("n3")).extracting(
                            s -> s.label("household"), s -> s.label("building"), s -> s.label("spine"))
                    .containsOnly(tuple("household-3", "building-2", "spine-1"));
            assertThat(batch).filteredOn(s -> s.metric().equals(UP)).extracting(Sample::value).containsOnly(1.0);
            assertThat(batch).filteredOn(s -> s.metric().equals(DURATION))
                    .allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0.0));
        });
    }

    @Test
    void aFailedSourceWritesUpZeroAndNoReadingsAndIsCountedByNodeAndReason() {
        Collector collector = collector(100,
                FailingSourceDouble.down("n1", "bmc"),
                FailingSourceDouble.buggy("n2", "bmc"),
                new FixedSourceDouble("n3", "node", "hearth_node_inflight_requests"));

        CollectionResult result = collector.collectOnce(T1);

        assertThat(result.sourcesFailed()).isEqualTo(2);
        assertThat(result.samplesStored()).isEqualTo(2 + 2 + 3);
        List<Sample> batch = sink.accepted().get(0);
        assertThat(batch).filteredOn(s -> s.metric().equals(UP))
                .extracting(Sample::node, Sample::value)
                .containsExactly(tuple("n1", 0.0), tuple("n2", 0.0), tuple("n3", 1.0));
        // a source that is down leaves its series without a new sample: stale, never a 0 reading
        assertThat(batch).filteredOn(s -> !s.node().equals("n3")).extracting(Sample::metric)
                .containsOnly(UP, DURATION);
        assertThat(failures("bmc", "n1", ScrapeErrorReason.HTTP)).isEqualTo(1.0);
        assertThat(failures("bmc", "n2", ScrapeErrorReason.INTERNAL)).isEqualTo(1.0);
        assertThat(failures("bmc", "n1", ScrapeErrorReason.TIMEOUT)).isZero();
        assertThat(failures("node", "n3", ScrapeErrorReason.HTTP)).isZero();
        assertThat(registry.get(MetricCatalogue.COLLECTOR_SCRAPE_DURATION.meterName())
                .tags("source", "bmc", "node", "n1").timer().count()).isEqualTo(1);
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
        CollectionResult afterwards = collectNext(collector);

        assertThat(whileDown).isEqualTo(new CollectionResult(0, 0, 3, 0));
        assertThat(afterwards).isEqualTo(new CollectionResult(6, 0, 0, 0));
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
        assertThat(collectNext(collector).pendingSamples()).isEqualTo(3);
        assertThat(collectNext(collector).pendingSamples()).isEqualTo(3);
        assertThat(collector.samplesDropped()).isEqualTo(6);
        assertThat(gauge(MetricCatalogue.COLLECTOR_PENDING_SAMPLES)).isEqualTo(3.0);
        sink.up();
        CollectionResult recovered = collectNext(collector);

        assertThat(recovered).isEqualTo(new CollectionResult(6, 0, 0, 0));
        assertThat(sink.acceptedSamples())
                .extracting(Sample::time, Sample::metric)
                .containsExactly(
                        tuple(T3, "a"), tuple(T3, UP), tuple(T3, DURATION),
                        tuple(T4, "a"), tuple(T4, UP), tuple(T4, DURATION));
        assertThat(gauge(MetricCatalogue.COLLECTOR_PENDING_SAMPLES)).isZero();
    }

    @Test
    void keepsNothingWhenMaxPendingIsZeroAndThereIsNoSpillDirectory() {
        Collector collector = collector(0, new FixedSourceDouble("n1", "bmc", "a"));

        sink.down();
        CollectionResult result = collector.collectOnce(T1);

        assertThat(result).isEqualTo(new CollectionResult(0, 0, 0, 0));
        assertThat(collector.samplesDropped()).isEqualTo(3);
    }

    @Test
    void spillsPastTheMemoryBoundAndANewCollectorStoresThoseBatchesFirst() {
        BufferConfig config = BufferConfig.withSpill(0, spill);
        BatchBuffer firstBuffer = new BatchBuffer(sink, config, registry, clock);
        Collector first = collector(firstBuffer, new FixedSourceDouble("n1", "bmc", "a"));
        sink.down();
        first.collectOnce(T1);
        assertThat(collectNext(first)).isEqualTo(new CollectionResult(0, 0, 0, 2));
        firstBuffer.close();
        sink.up();

        Collector second = collector(config, new FixedSourceDouble("n1", "bmc", "a"));
        CollectionResult result = collectNext(second);

        assertThat(result).isEqualTo(new CollectionResult(9, 0, 0, 0));
        assertThat(sink.acceptedSamples()).extracting(Sample::time).containsExactly(T1, T1, T1, T2, T2, T2, T3, T3, T3);
        assertThat(second.samplesDropped()).isZero();
    }

    @Test
    void aSourceOfANodeWithoutTopologyIsRefusedNamingTheNode() {
        assertThatThrownBy(() -> collector(10, new FixedSourceDouble("n9", "bmc", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("node n9 has a source but no topology (household, building, spine)")
                .hasMessageContaining("add it to the collector's topology map");
    }

    @Test
    void exposesTheCollectorMetersUnderTheCatalogueNamesAndLabels() {
        Collector collector = collector(100, new FixedSourceDouble("n1", "bmc", "a"),
                FailingSourceDouble.down("n2", "node"));
        collector.collectOnce(T1);

        String exposition = registry.scrape();

        assertThat(exposition)
                .contains(MetricCatalogue.COLLECTOR_SAMPLES_STORED.name() + " 5.0")
                .contains(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.name()
                        + "{node=\"n2\",reason=\"http\",source=\"node\"} 1.0")
                .contains(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.name()
                        + "{node=\"n1\",reason=\"timeout\",source=\"bmc\"} 0.0")
                .contains(MetricCatalogue.COLLECTOR_SCRAPE_DURATION.name() + "_count{node=\"n1\",source=\"bmc\"} 1")
                .contains(MetricCatalogue.COLLECTOR_PENDING_SAMPLES.name() + " 0.0")
                .contains(MetricCatalogue.COLLECTOR_SPILLED_BATCHES.name() + " 0.0")
                .contains(MetricCatalogue.COLLECTOR_OLDEST_PENDING_AGE.name() + " 0.0")
                .contains(MetricCatalogue.COLLECTOR_INGEST_LAG.name() + "_count 1")
                .contains(MetricCatalogue.COLLECTOR_LAST_SUCCESS.name() + " " + (double) T1.getEpochSecond())
                .contains("# HELP " + MetricCatalogue.COLLECTOR_SAMPLES_STORED.name() + " "
                        + MetricCatalogue.COLLECTOR_SAMPLES_STORED.help());
        Pattern series = Pattern.compile("^(hearth_\\w+)(?:\\{(.*)})? .*$");
        Pattern label = Pattern.compile("(\\w+)=\"");
        for (String line : exposition.lines().filter(l -> l.startsWith("hearth_")).toList()) {
            Matcher m = series.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            Optional<MetricSpec> spec = MetricCatalogue.byExposedName(m.group(1));
            assertThat(spec).as("%s is exposed but not in MetricCatalogue", m.group(1)).isPresent();
            Set<String> allowed = new HashSet<>(spec.get().labels());
            allowed.add("le");
            Matcher names = label.matcher(m.group(2) == null ? "" : m.group(2));
            while (names.find()) {
                assertThat(allowed).as("label of %s", line).contains(names.group(1));
            }
        }
    }

    @Test
    void withoutSourcesThereIsNothingToStore() {
        assertThat(collector(10).collectOnce(T1)).isEqualTo(new CollectionResult(0, 0, 0, 0));
        assertThat(sink.offered()).isEmpty();
    }

    private double failures(String kind, String node, ScrapeErrorReason reason) {
        return registry.get(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.meterName())
                .tags("source", kind, "node", node, "reason", reason.label()).counter().count();
    }

    private double gauge(MetricSpec spec) {
        return registry.get(spec.meterName()).gauge().value();
    }
}

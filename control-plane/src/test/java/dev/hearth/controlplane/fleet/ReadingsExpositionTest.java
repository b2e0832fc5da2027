package dev.hearth.controlplane.fleet;

import dev.hearth.collector.query.SeriesKey;
import dev.hearth.collector.query.SeriesSample;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingsExpositionTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Map<String, String> TOPOLOGY = Map.of("household", "household-1", "building", "building-1",
            "spine", "spine-1");

    /** The store's readings, handed back whatever the window: the exposition must drop stale ones itself. */
    private final List<SeriesSample> stored = new ArrayList<>();
    private final List<Duration> lookbacks = new ArrayList<>();
    private final ReadingsExposition exposition = new ReadingsExposition((metric, at, lookback) -> {
        assertThat(at).isEqualTo(NOW);
        lookbacks.add(lookback);
        return stored.stream().filter(s -> s.series().metric().equals(metric)).toList();
    }, Clock.fixed(NOW, ZoneOffset.UTC), INTERVAL);

    @Test
    void rendersFreshReadingsWithTheirLabelsAndOneHelpAndTypePerMetric() {
        store("node-2", MetricCatalogue.BMC_TEMPERATURE, labels("sensor", "Intake", "physical_context", "Intake"),
                24.5, NOW.minusSeconds(1));
        store("node-1", MetricCatalogue.BMC_TEMPERATURE,
                labels("sensor", "GPU \"0\" C:\\sensors\nline 2", "physical_context", "GPU"), 71.25, NOW.minusSeconds(5));
        // exactly three intervals old: stale, so gone rather than repeated
        store("node-3", MetricCatalogue.BMC_TEMPERATURE, labels("sensor", "GPU", "physical_context", "GPU"), 95,
                NOW.minus(INTERVAL.multipliedBy(3)));
        // every reading of this metric is stale: no HELP or TYPE either
        store("node-3", MetricCatalogue.GPU_POWER, labels("gpu", "0", "uuid", "GPU-3", "model", "RTX 2080 Ti"), 250,
                NOW.minusSeconds(60));
        store("node-1", MetricCatalogue.GPU_XID_EVENTS, labels("gpu", "0", "uuid", "GPU-1", "model", "RTX 2080 Ti",
                "xid", "79", "pci_bus_id", "00000000:01:00.0"), 3, NOW);
        store("node-1", MetricCatalogue.SCRAPE_UP, labels("source", "redfish"), 1, NOW.minusMillis(5_999));
        store("node-2", MetricCatalogue.SCRAPE_UP, labels("source", "nvidia-smi"), 0, NOW.minusSeconds(2));
        store("node-1", MetricCatalogue.SCRAPE_DURATION, labels("source", "redfish"), Double.NaN, NOW);

        assertThat(exposition.render()).isEqualTo("""
                # HELP hearth_bmc_temperature_celsius Temperature sensor read from the BMC (Redfish Thermal)
                # TYPE hearth_bmc_temperature_celsius gauge
                hearth_bmc_temperature_celsius{building="building-1",household="household-1",node="node-1",\
                physical_context="GPU",sensor="GPU \\"0\\" C:\\\\sensors\\nline 2",spine="spine-1"} 71.25
                hearth_bmc_temperature_celsius{building="building-1",household="household-1",node="node-2",\
                physical_context="Intake",sensor="Intake",spine="spine-1"} 24.5
                # HELP hearth_gpu_xid_events_total Xid errors the driver logged, by code
                # TYPE hearth_gpu_xid_events_total counter
                hearth_gpu_xid_events_total{building="building-1",gpu="0",household="household-1",\
                model="RTX 2080 Ti",node="node-1",pci_bus_id="00000000:01:00.0",spine="spine-1",uuid="GPU-1",xid="79"} 3.0
                # HELP hearth_scrape_up 1 when the last scrape of this source succeeded, 0 otherwise
                # TYPE hearth_scrape_up gauge
                hearth_scrape_up{building="building-1",household="household-1",node="node-1",source="redfish",\
                spine="spine-1"} 1.0
                hearth_scrape_up{building="building-1",household="household-1",node="node-2",source="nvidia-smi",\
                spine="spine-1"} 0.0
                # HELP hearth_scrape_duration_seconds How long the last scrape of this source took
                # TYPE hearth_scrape_duration_seconds gauge
                hearth_scrape_duration_seconds{building="building-1",household="household-1",node="node-1",\
                source="redfish",spine="spine-1"} NaN
                """);
        assertThat(lookbacks).as("the store is asked for three intervals").containsOnly(Duration.ofSeconds(6));
    }

    @Test
    void nothingFreshRendersNothing() {
        store("node-1", MetricCatalogue.BMC_POWER, labels("control", "0"), 180, NOW.minusSeconds(30));

        assertThat(exposition.render()).isEmpty();
        assertThat(lookbacks).hasSize(ReadingsExposition.EXPOSED.size());
    }

    @Test
    void exposesEveryStoredBmcGpuAndScrapeHealthMetricAndNothingElse() {
        assertThat(ReadingsExposition.EXPOSED).contains(MetricCatalogue.BMC_TEMPERATURE, MetricCatalogue.BMC_HEALTH,
                MetricCatalogue.BMC_POWER_STATISTIC, MetricCatalogue.GPU_DEVICES, MetricCatalogue.GPU_XID_EVENTS,
                MetricCatalogue.GPU_VGPU_MEMORY_TOTAL, MetricCatalogue.SCRAPE_UP, MetricCatalogue.SCRAPE_DURATION);
        assertThat(ReadingsExposition.EXPOSED).extracting(MetricSpec::name)
                .allMatch(n -> n.startsWith("hearth_bmc_") || n.startsWith("hearth_gpu_") || n.startsWith("hearth_scrape_"));
        assertThat(ReadingsExposition.EXPOSED).doesNotContain(MetricCatalogue.COLLECTOR_SCRAPE_DURATION,
                MetricCatalogue.NODE_REQUESTS, MetricCatalogue.ENERGY_PRICE);
    }

    @Test
    void aStoredNodeLabelKeepsItsValueUnderAnotherName() {
        store("node-1", MetricCatalogue.SCRAPE_UP, Map.of("source", "prometheus", "node", "scraped-name"), 1, NOW);

        assertThat(exposition.render()).contains(
                "hearth_scrape_up{exported_node=\"scraped-name\",node=\"node-1\",source=\"prometheus\"} 1.0\n");
    }

    @Test
    void infinitiesAreWrittenTheWayPrometheusReadsThem() {
        assertThat(ReadingsExposition.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(ReadingsExposition.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(ReadingsExposition.value(1.5e9)).isEqualTo("1.5E9");
    }

    @Test
    void aCollectionIntervalThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new ReadingsExposition((m, at, l) -> List.of(), Clock.systemUTC(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S is not positive");
    }

    private void store(String node, MetricSpec spec, Map<String, String> labels, double value, Instant time) {
        stored.add(new SeriesSample(new SeriesKey(node, spec.name(), new TreeMap<>(labels)), time, value));
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new TreeMap<>(TOPOLOGY);
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }
}

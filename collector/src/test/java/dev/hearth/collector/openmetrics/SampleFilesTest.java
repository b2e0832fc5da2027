package dev.hearth.collector.openmetrics;

import dev.hearth.testsupport.SharedFixtures;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static dev.hearth.collector.openmetrics.ExpositionFormat.OPENMETRICS_1_0;
import static dev.hearth.collector.openmetrics.ExpositionFormat.PROMETHEUS_TEXT_0_0_4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Parses real exporters' {@code /metrics} answers from {@code ../shared/fixtures} (node_exporter,
 * dcgm-exporter, vLLM, SGLang, nvidia_gpu_exporter, Prometheus' own) and checks series read straight
 * from the files. Each test is skipped where its fixture is absent.
 */
class SampleFilesTest {
    private final ExpositionParser parser = new ExpositionParser(ParseLimits.defaults());

    @Test
    void nodeExporterOnLinux() {
        List<MetricFamily> families = parse("prometheus/node_exporter/e2e-output.txt", PROMETHEUS_TEXT_0_0_4);

        assertThat(families).hasSize(1228);
        assertThat(sampleCount(families)).isEqualTo(3027);
        MetricFamily cpu = family(families, "node_cpu_seconds_total");
        assertThat(cpu.type()).isEqualTo(MetricType.COUNTER);
        assertThat(cpu.help()).isEqualTo("Seconds the CPUs spent in each mode.");
        assertThat(value(families, "node_cpu_seconds_total", Map.of("cpu", "0", "mode", "idle"))).isEqualTo(10870.69);
        assertThat(value(families, "node_hwmon_temp_celsius", Map.of("chip", "hwmon4", "sensor", "temp1"))).isEqualTo(55);
        assertThat(families).filteredOn(f -> f.type() == MetricType.UNKNOWN).hasSize(334); // its "untyped" families
    }

    @Test
    void nodeExporterOnDarwin() {
        List<MetricFamily> families = parse("prometheus/node_exporter/e2e-output-darwin.txt", PROMETHEUS_TEXT_0_0_4);

        assertThat(families).hasSize(96);
        assertThat(sampleCount(families)).isEqualTo(103);
    }

    @Test
    void dcgmExporter() {
        List<MetricFamily> families = parse("dcgm/dcgm-exporter-metrics-sample/datadog-dcgm-metrics.txt", PROMETHEUS_TEXT_0_0_4);

        assertThat(families).hasSize(38);
        assertThat(sampleCount(families)).isEqualTo(38);
        Map<String, String> gpu0 = Map.of("gpu", "0", "UUID", "GPU-20c56d28-0da5-6d26-a36a-e7af1ce2586e",
                "device", "nvidia0", "modelName", "Tesla T4", "Hostname", "424773df46e0",
                "DCGM_FI_DRIVER_VERSION", "460.106.00", "DCGM_FI_PROCESS_NAME", "/usr/bin/dcgm-exporter");
        assertThat(value(families, "DCGM_FI_DEV_GPU_TEMP", gpu0)).isEqualTo(25);
        assertThat(value(families, "DCGM_FI_DEV_POWER_USAGE", gpu0)).isEqualTo(8.969);
        assertThat(value(families, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", gpu0)).isEqualTo(128996013);
        assertThat(family(families, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION").type()).isEqualTo(MetricType.COUNTER);
        assertThat(family(families, "DCGM_FI_DEV_GPU_TEMP").help()).isEqualTo("GPU temperature (in C).");
    }

    @Test
    void vllm() {
        List<MetricFamily> families = parse("prometheus/llm-servers/datadog-vllm_metrics.txt", PROMETHEUS_TEXT_0_0_4);

        assertThat(families).hasSize(50);
        assertThat(sampleCount(families)).isEqualTo(185);
        Map<String, String> model = Map.of("model_name", "facebook/opt-125m");
        assertThat(value(families, "vllm:num_requests_running", model)).isEqualTo(0);
        MetricFamily latency = family(families, "vllm:e2e_request_latency_seconds");
        assertThat(latency.type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(value(families, "vllm:e2e_request_latency_seconds_bucket",
                Map.of("le", "+Inf", "model_name", "facebook/opt-125m"))).isEqualTo(1);
        assertThat(value(families, "vllm:e2e_request_latency_seconds_count", model)).isEqualTo(1);
        assertThat(value(families, "vllm:e2e_request_latency_seconds_sum", model))
                .isCloseTo(0.5034303665161133, within(1e-15));
        assertThat(families).filteredOn(f -> f.type() == MetricType.HISTOGRAM).hasSize(17);
    }

    @Test
    void sglang() {
        List<MetricFamily> families = parse("prometheus/llm-servers/datadog-sglang_metrics.txt", PROMETHEUS_TEXT_0_0_4);

        assertThat(families).hasSize(25);
        assertThat(sampleCount(families)).isEqualTo(43);
        Map<String, String> rank0 = Map.of("model_name", "facebook/opt-125m", "tp_rank", "0");
        assertThat(value(families, "sglang:num_used_tokens", rank0)).isEqualTo(37);
        assertThat(value(families, "sglang:gen_throughput", rank0)).isEqualTo(425.5);
        assertThat(value(families, "sglang:http_requests_active", Map.of("endpoint", "/generate", "method", "POST")))
                .isEqualTo(0);
        assertThat(family(families, "sglang:time_to_first_token_seconds").type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(value(families, "sglang:time_to_first_token_seconds_sum", Map.of("model_name", "facebook/opt-125m")))
                .isEqualTo(0.02);
    }

    @Test
    void anOpenMetricsHistogramWithExemplarsFromPrometheusTestdata() {
        List<MetricFamily> families = parse("prometheus/prometheus-textparse-testdata/1histogram.om.txt", OPENMETRICS_1_0);

        assertThat(families).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("golang_manual_histogram_seconds");
            assertThat(f.type()).isEqualTo(MetricType.HISTOGRAM);
            assertThat(f.samples()).hasSize(42);
        });
    }

    /**
     * Go's client writes this histogram with negative buckets and a (negative) _sum, which OpenMetrics 1.0
     * forbids (the conformance suite refuses the same shape): a strict parser must say so.
     */
    @Test
    void refusesAHistogramWithNegativeBucketsAndASumAsOpenMetricsRequires() {
        String file = "prometheus/prometheus-textparse-testdata/alltypes.5mfs.om.txt";
        String text = read(file);

        assertThatThrownBy(() -> parser.parse(OPENMETRICS_1_0, text))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageStartingWith("line 33: rpc_durations_histogram_seconds_sum of histogram")
                .hasMessageContaining("must not be NaN or negative");
    }

    /** Every other text format 0.0.4 answer in the fixtures parses, with at least one sample. */
    @TestFactory
    Stream<DynamicTest> everyOtherText004FileParses() {
        Optional<Path> root = SharedFixtures.find("prometheus");
        assumeTrue(root.isPresent(), SharedFixtures.missing("prometheus"));
        Predicate<Path> exposition = p -> {
            String name = p.getFileName().toString();
            return name.endsWith(".prom") || name.endsWith(".out") || name.endsWith(".metrics")
                    || name.equals("text") || name.endsWith(".prom.txt");
        };
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root.get())) {
            files = walk.filter(Files::isRegularFile).filter(exposition).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).hasSizeGreaterThan(40);
        return files.stream().map(file -> DynamicTest.dynamicTest(root.get().relativize(file).toString(), () -> {
            List<MetricFamily> families = parser.parse(PROMETHEUS_TEXT_0_0_4, Files.readString(file));
            assertThat(sampleCount(families)).isPositive();
        }));
    }

    private List<MetricFamily> parse(String relative, ExpositionFormat format) {
        return parser.parse(format, read(relative));
    }

    /** A fixture file by its path under {@code shared/fixtures}. */
    private static String read(String relative) {
        Optional<Path> file = SharedFixtures.find(relative);
        assumeTrue(file.isPresent(), SharedFixtures.missing(relative));
        try {
            return Files.readString(file.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int sampleCount(List<MetricFamily> families) {
        return families.stream().mapToInt(f -> f.samples().size()).sum();
    }

    private static MetricFamily family(List<MetricFamily> families, String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name));
    }

    private static double value(List<MetricFamily> families, String sample, Map<String, String> labels) {
        return families.stream().flatMap(f -> f.samples().stream())
                .filter(s -> s.name().equals(sample) && s.labels().equals(labels))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + sample + labels))
                .value();
    }
}

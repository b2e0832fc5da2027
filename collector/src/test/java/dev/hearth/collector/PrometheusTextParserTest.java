package dev.hearth.collector;

import dev.hearth.collector.openmetrics.ExpositionFormatException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.hearth.collector.openmetrics.ExpositionFormat.OPENMETRICS_1_0;
import static dev.hearth.collector.openmetrics.ExpositionFormat.PROMETHEUS_TEXT_0_0_4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The collector's flat view of an exposition; the formats' own rules are tested in the openmetrics package. */
class PrometheusTextParserTest {
    private final PrometheusTextParser parser = new PrometheusTextParser();

    @Test
    void parsesWhatMicrometersPrometheusRegistryWritesInTextFormat004() {
        List<ParsedSeries> series = parser.parse(PROMETHEUS_TEXT_0_0_4, resource("prometheus/micrometer-0.0.4.txt"));

        String histogram = "hearth_node_request_duration_seconds";
        assertThat(series).containsExactly(
                new ParsedSeries(histogram + "_bucket", Map.of("node", "n1", "le", "0.1"), 0),
                new ParsedSeries(histogram + "_bucket", Map.of("node", "n1", "le", "0.6"), 1),
                new ParsedSeries(histogram + "_bucket", Map.of("node", "n1", "le", "2.0"), 2),
                new ParsedSeries(histogram + "_bucket", Map.of("node", "n1", "le", "+Inf"), 2),
                new ParsedSeries(histogram + "_count", Map.of("node", "n1"), 2),
                new ParsedSeries(histogram + "_sum", Map.of("node", "n1"), 0.95),
                new ParsedSeries(histogram + "_max", Map.of("node", "n1"), 0.7),
                new ParsedSeries("hearth_node_requests_total", Map.of("node", "n1", "outcome", "ok"), 3),
                new ParsedSeries("hearth_node_requests_total", Map.of("node", "n1", "outcome", "error"), 0),
                new ParsedSeries("hearth_node_inflight_requests", Map.of("node", "n1"), Double.NaN));
    }

    @Test
    void leavesOutCreationTimesOfCountersAndHistogramsButNotOfAGauge() {
        List<ParsedSeries> series = parser.parse(OPENMETRICS_1_0, resource("prometheus/openmetrics.txt"));

        assertThat(series).containsExactly(
                new ParsedSeries("hearth_gateway_requests_total", Map.of("outcome", "ok"), 17),
                new ParsedSeries("hearth_gateway_request_duration_seconds_bucket", Map.of("le", "0.6"), 4),
                new ParsedSeries("hearth_gateway_request_duration_seconds_bucket", Map.of("le", "+Inf"), 5),
                new ParsedSeries("hearth_gateway_request_duration_seconds_count", Map.of(), 5),
                new ParsedSeries("hearth_gateway_request_duration_seconds_sum", Map.of(), 2.5),
                // a gauge that merely ends in _created is a measurement, not a creation time
                new ParsedSeries("process_start_created", Map.of(), 1.6999e9),
                new ParsedSeries("hearth_odd", Map.of(
                        "path", "C:\\temp\\x",
                        "quote", "say \"hi\"",
                        "multi", "line1\nline2",
                        "spaced", "  two  words "), Double.NEGATIVE_INFINITY));
    }

    @Test
    void parsesLiveMicrometerOutputInBothFormatsByContentType() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("hearth_node_requests").tag("outcome", "ok").tag("path", "a \"b\" \\ c\nd")
                .register(registry).increment(3);
        Timer timer = Timer.builder("hearth_node_request_duration")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(600))
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
        timer.record(Duration.ofMillis(250));
        timer.record(Duration.ofMillis(700));
        Gauge.builder("hearth_not_a_number", () -> Double.NaN).register(registry);

        for (String contentType : List.of("text/plain; version=0.0.4; charset=utf-8",
                "application/openmetrics-text; version=1.0.0; charset=utf-8")) {
            List<ParsedSeries> series = parser.parse(contentType,
                    registry.scrape(contentType).getBytes(StandardCharsets.UTF_8));

            assertThat(series).as(contentType)
                    .contains(new ParsedSeries("hearth_node_requests_total",
                            Map.of("outcome", "ok", "path", "a \"b\" \\ c\nd"), 3))
                    .contains(new ParsedSeries("hearth_node_request_duration_seconds_bucket", Map.of("le", "0.6"), 1))
                    .contains(new ParsedSeries("hearth_node_request_duration_seconds_bucket", Map.of("le", "+Inf"), 2))
                    .contains(new ParsedSeries("hearth_node_request_duration_seconds_count", Map.of(), 2))
                    .contains(new ParsedSeries("hearth_node_request_duration_seconds_max", Map.of(), 0.7))
                    .contains(new ParsedSeries("hearth_not_a_number", Map.of(), Double.NaN))
                    .noneMatch(s -> s.name().endsWith("_created"));
        }
    }

    @Test
    void aSeriesExposedAsSeveralPointsKeepsItsNewestValueInItsFirstPlace() {
        String openMetrics = "a{x=\"1\"} 1 0.0\n"
                + "a{x=\"1\"} 2 0.1\n"
                + "a{x=\"1\"} 3 0.2\n"
                + "a{x=\"2\"} 4 0.0\n"
                + "# EOF\n";
        String text004 = "a{x=\"1\"} 1 0\n"
                + "a{x=\"2\"} 4 0\n"
                + "a{x=\"1\"} 3 200\n";

        for (List<ParsedSeries> series : List.of(parser.parse(OPENMETRICS_1_0, openMetrics),
                parser.parse(PROMETHEUS_TEXT_0_0_4, text004))) {
            assertThat(series).containsExactly(
                    new ParsedSeries("a", Map.of("x", "1"), 3),
                    new ParsedSeries("a", Map.of("x", "2"), 4));
        }
    }

    @Test
    void anEmptyExpositionHasNoSeries() {
        assertThat(parser.parse(PROMETHEUS_TEXT_0_0_4, "")).isEmpty();
        assertThat(parser.parse(OPENMETRICS_1_0, "# EOF\n")).isEmpty();
    }

    @Test
    void aBrokenExpositionIsAFormatErrorNamingTheLine() {
        assertThatThrownBy(() -> parser.parse("text/plain; version=0.0.4", "ok 1\nfoo{a=\"b} 1\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageStartingWith("line 2: value of label a is not terminated");
        assertThatThrownBy(() -> parser.parse("application/vnd.google.protobuf", new byte[0]))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageContaining("is not a text exposition");
    }

    @Test
    void exposesTheParsersLimitsForTheScrapeToHonour() {
        assertThat(parser.limits().maxBytes()).isPositive();
    }

    static String resource(String name) {
        try (InputStream in = PrometheusTextParserTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

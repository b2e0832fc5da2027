package dev.hearth.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusTextParserTest {
    private final PrometheusTextParser parser = new PrometheusTextParser();

    @Test
    void parsesWhatMicrometersPrometheusRegistryWritesInTextFormat004() {
        List<ParsedSeries> series = parser.parse(resource("prometheus/micrometer-0.0.4.txt"));

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
    void parsesOpenMetricsWithUnitExemplarsTimestampsCreatedLinesAndEof() {
        List<ParsedSeries> series = parser.parse(resource("prometheus/openmetrics.txt"));

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
    void parsesLiveMicrometerOutputInBothFormats() {
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

        for (String format : List.of("text/plain; version=0.0.4; charset=utf-8",
                "application/openmetrics-text; version=1.0.0; charset=utf-8")) {
            List<ParsedSeries> series = parser.parse(registry.scrape(format));

            assertThat(series).as(format)
                    .contains(new ParsedSeries("hearth_node_requests_total",
                            Map.of("outcome", "ok", "path", "a \"b\" \\ c\nd"), 3))
                    .contains(new ParsedSeries("hearth_node_request_duration_seconds_bucket", Map.of("le", "0.6"), 1))
                    .contains(new ParsedSeries("hearth_node_request_duration_seconds_bucket", Map.of("le", "+Inf"), 2))
                    .contains(new ParsedSeries("hearth_node_request_duration_seconds_count", Map.of(), 2))
                    .contains(new ParsedSeries("hearth_node_request_duration_seconds_max", Map.of(), 0.7))
                    .contains(new ParsedSeries("hearth_not_a_number", Map.of(), Double.NaN));
        }
    }

    @Test
    void acceptsBlanksAroundLabelTokensTrailingCommaEmptyBracesCrlfAndComments() {
        String text = "# a free comment\r\n"
                + "#another\n"
                + "\n"
                + "  spaced { a = \"1\" ,\tb=\"2\", } 7 -1700000000000\r\n"
                + "empty{} 8\n"
                + "tight{a=\"x\"}9\n";

        assertThat(parser.parse(text)).containsExactly(
                new ParsedSeries("spaced", Map.of("a", "1", "b", "2"), 7),
                new ParsedSeries("empty", Map.of(), 8),
                new ParsedSeries("tight", Map.of("a", "x"), 9));
    }

    @ParameterizedTest
    @CsvSource({
            "+Inf, Infinity", "-Inf, -Infinity", "inf, Infinity", "+infinity, Infinity", "NaN, NaN", "nan, NaN",
            "1e3, 1000", "-2.5E-1, -0.25", ".5, 0.5", "7., 7", "+3, 3"})
    void parsesNumbersAsPrometheusDoes(String written, double expected) {
        assertThat(parser.parse("m " + written + "\n")).containsExactly(new ParsedSeries("m", Map.of(), expected));
    }

    @Test
    void keepsUnknownEscapesAsWrittenAsPrometheusDoes() {
        assertThat(parser.parse("a{foo=\"b\\\\a\\z\",bar=\"\\foo\"} 2\n")).containsExactly(
                new ParsedSeries("a", Map.of("foo", "b\\a\\z", "bar", "\\foo"), 2));
    }

    @Test
    void aSeriesRepeatedWithTimestampsKeepsTheLastValue() {
        String text = "a{x=\"1\"} 1 0.0\n"
                + "a{x=\"1\"} 2 0.1\n"
                + "a{x=\"2\"} 4 0.0\n"
                + "a{x=\"1\"} 3 0.2\n";

        assertThat(parser.parse(text)).containsExactly(
                new ParsedSeries("a", Map.of("x", "1"), 3),
                new ParsedSeries("a", Map.of("x", "2"), 4));
    }

    @Test
    void emptyExpositionHasNoSeries() {
        assertThat(parser.parse("")).isEmpty();
        assertThat(parser.parse("# EOF\n")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`foo{a=\"b} 1`                          | 1 | value of label a is not terminated",
            "`foo 1.0d`                              | 1 | value '1.0d' of foo is not a number",
            "`foo 0x1p3`                             | 1 | not a number",
            "`foo{a=\"1\",a=\"2\"} 1`                | 1 | label a appears twice",
            "`ok 1\nfoo`                             | 2 | missing value for foo",
            "`foo 1 abc`                             | 1 | timestamp 'abc' of foo is not a number",
            "`foo 1 2 3`                             | 1 | unexpected text '3'",
            "`# TYPE foo counterz`                   | 1 | unknown metric type 'counterz'",
            "`# TYPE foo counter\n# TYPE foo gauge`  | 2 | second '# TYPE' for foo (the first is on line 1)",
            "`foo 1\nfoo 2`                          | 2 | appears twice (first on line 1)",
            "`foo 1 1000\nfoo 2`                     | 2 | may repeat only with a timestamp on every line",
            "`foo 1\n# EOF\nfoo 2`                   | 3 | content after '# EOF'",
            "`foo{1a=\"x\"} 1`                       | 1 | expected a label name",
            "`foo{a=\"x\" b=\"y\"} 1`                | 1 | expected ',' or '}' after the value of label a",
            "`foo{a=\"x\"`                           | 1 | not closed with '}'",
            "`foo-bar 1`                             | 1 | invalid character '-' in metric name foo",
            "`{a=\"x\"} 1`                           | 1 | expected a metric name at column 1",
            "`foo 1 # trace`                         | 1 | expected an exemplar",
            "`# HELP`                                | 1 | '# HELP' must be followed by a metric name"})
    void rejectsMalformedLinesNamingTheLine(String text, int line, String problem) {
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((ExpositionFormatException) e).lineNumber()).isEqualTo(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo{le=\"0.6\"} 1 1700000000000", "foo 1 1.7e9", "foo 1 # {} 2"})
    void acceptsTimestampsAndExemplarsWithoutKeepingThem(String line) {
        assertThat(parser.parse(line)).singleElement().extracting(ParsedSeries::value).isEqualTo(1.0);
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

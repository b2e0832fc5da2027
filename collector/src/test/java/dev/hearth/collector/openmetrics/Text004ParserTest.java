package dev.hearth.collector.openmetrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static dev.hearth.collector.openmetrics.ExpositionFormat.PROMETHEUS_TEXT_0_0_4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Prometheus text format 0.0.4: what it tolerates and what it still refuses, on the project's own text. */
class Text004ParserTest {
    private final ExpositionParser parser = new ExpositionParser(ParseLimits.defaults());

    private List<MetricFamily> parse(String text) {
        return parser.parse(PROMETHEUS_TEXT_0_0_4, text);
    }

    private List<MetricSample> samples(String text) {
        return parse(text).stream().flatMap(f -> f.samples().stream()).toList();
    }

    private static MetricSample sample(String name, Map<String, String> labels, double value) {
        return new MetricSample(name, labels, value, OptionalDouble.empty(), Optional.empty());
    }

    @Test
    void toleratesBlanksTrailingCommasCrlfCommentsAndAMissingFinalLineFeed() {
        String text = "# a free comment\r\n"
                + "#another\n"
                + "\n"
                + "  \t \n"
                + "  spaced { a = \"1\" ,\tb=\"2\", } 7 -1700000000000\r\n"
                + "empty{} 8\n"
                + "tight{a=\"x\"}-Inf\n"
                + "# HELP\n"
                + "# TYPE name\n"
                + "last 9";

        assertThat(samples(text)).containsExactly(
                new MetricSample("spaced", Map.of("a", "1", "b", "2"), 7, OptionalDouble.of(-1700000000), Optional.empty()),
                sample("empty", Map.of(), 8),
                sample("tight", Map.of("a", "x"), Double.NEGATIVE_INFINITY),
                sample("last", Map.of(), 9));
    }

    @Test
    void readsMetadataAndGroupsHistogramAndSummarySamplesIntoTheirFamilies() {
        List<MetricFamily> families = parse("""
                # HELP rpc_seconds Latency with a \\\\ backslash,\\na new line and a \\"kept\\" quote
                # TYPE rpc_seconds histogram
                rpc_seconds_bucket{le="0.5"} 1
                rpc_seconds_bucket{le="+Inf"} 2
                rpc_seconds_sum 0.7
                rpc_seconds_count 2
                # TYPE gc summary
                gc{quantile="0.5"} 0.01
                decoy 1
                gc_sum 3
                gc_count 7
                """);

        assertThat(families).extracting(MetricFamily::name, MetricFamily::type).containsExactly(
                tuple("rpc_seconds", MetricType.HISTOGRAM),
                tuple("gc", MetricType.SUMMARY),
                tuple("decoy", MetricType.UNKNOWN));
        assertThat(families.get(0).help()).isEqualTo("Latency with a \\ backslash,\na new line and a \\\"kept\\\" quote");
        assertThat(families.get(0).samples()).hasSize(4);
        // 0.0.4 lets a family's samples resume after another family's, as Prometheus reads them
        assertThat(families.get(1).samples()).extracting(MetricSample::name).containsExactly("gc", "gc_sum", "gc_count");
    }

    @Test
    void convertsMillisecondTimestampsToSeconds() {
        assertThat(samples("a 1 1441205977284\n")).singleElement()
                .extracting(MetricSample::timestampSeconds).isEqualTo(OptionalDouble.of(1441205977.284));
    }

    @ParameterizedTest
    @CsvSource({
            "+Inf, Infinity", "-Inf, -Infinity", "inf, Infinity", "+infinity, Infinity", "NaN, NaN", "nan, NaN",
            "1e3, 1000", "-2.5E-1, -0.25", ".5, 0.5", "7., 7", "+3, 3", "08, 8"})
    void readsNumbersAsPrometheusDoes(String written, double expected) {
        assertThat(samples("m " + written + "\n")).singleElement().extracting(MetricSample::value).isEqualTo(expected);
    }

    @Test
    void keepsUnknownEscapesInLabelValuesAsWrittenAsPrometheusDoes() {
        assertThat(samples("a{foo=\"b\\\\a\\z\",bar=\"\\foo\",q=\"\\\"\\n\"} 2\n")).containsExactly(
                sample("a", Map.of("foo", "b\\a\\z", "bar", "\\foo", "q", "\"\n"), 2));
    }

    @Test
    void aSeriesMayRepeatWhenEveryLineHasATimestamp() {
        assertThat(samples("a{x=\"1\"} 1 0\na{x=\"2\"} 4 0\na{x=\"1\"} 3 200\n")).hasSize(3);
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`foo{a=\"b} 1`                          | 1 | value of label a is not terminated",
            "`foo 1.0d`                              | 1 | value '1.0d' of foo is not a number",
            "`foo 0x1p3`                             | 1 | not a number",
            "`foo{a=\"1\",a=\"2\"} 1`                | 1 | label a appears twice",
            "`foo{__name__=\"bar\"} 1`               | 1 | label __name__ of foo is reserved",
            "`ok 1\nfoo`                             | 2 | missing value for foo",
            "`foo 1 abc`                             | 1 | timestamp 'abc' of foo is not a whole number of milliseconds",
            "`foo 1 1.5`                             | 1 | timestamp '1.5' of foo is not a whole number of milliseconds",
            "`foo 1 99999999999999999999`            | 1 | is not a whole number of milliseconds",
            "`foo 1 2 3`                             | 1 | unexpected text '3'",
            "`foo 1 # {a=\"b\"} 1`                   | 1 | exemplars ('# {…} value') are OpenMetrics only",
            "`# TYPE foo counterz`                   | 1 | unknown metric type 'counterz'",
            "`# TYPE foo info`                       | 1 | text format 0.0.4 knows counter, gauge, histogram, summary and untyped",
            "`# TYPE foo gauge extra`                | 1 | unknown metric type 'gauge extra'",
            "`# TYPE foo counter\n# TYPE foo gauge`  | 2 | second '# TYPE' for foo (the first is on line 1)",
            "`# HELP foo a\n# HELP foo b`            | 2 | second '# HELP' for foo (the first is on line 1)",
            "`foo 1\n# TYPE foo gauge`               | 2 | '# TYPE' for foo after its samples (the first is on line 1)",
            "`# TYPE met-ric gauge`                  | 1 | invalid character '-' in metric name met",
            "`# HELP 9lives x`                       | 1 | '# HELP' must be followed by a metric name",
            "`foo 1\nfoo 2`                          | 2 | appears twice (first on line 1)",
            "`foo 1 1000\nfoo 2`                     | 2 | may repeat only with a timestamp on every line",
            "`foo{1a=\"x\"} 1`                       | 1 | expected a label name",
            "`foo{a=\"x\" b=\"y\"} 1`                | 1 | expected ',' or '}' after the value of label a",
            "`foo{a=\"x\"`                           | 1 | not closed with '}'",
            "`foo-bar 1`                             | 1 | invalid character '-' in metric name foo",
            "`{a=\"x\"} 1`                           | 1 | expected a metric name",
            "`# TYPE h histogram\nh_bucket 1`        | 2 | h_bucket of histogram h has no le label",
            "`# TYPE h histogram\nh_bucket{le=\"x\"} 1` | 2 | le=\"x\" of h_bucket is not a number",
            "`# TYPE s summary\ns 1`                 | 2 | s of summary s has no quantile label",
    })
    void refusesMalformedLinesNamingTheLine(String text, int line, String problem) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((ExpositionFormatException) e).lineNumber()).isEqualTo(line));
    }
}

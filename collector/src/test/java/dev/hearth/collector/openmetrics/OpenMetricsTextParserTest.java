package dev.hearth.collector.openmetrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static dev.hearth.collector.openmetrics.ExpositionFormat.OPENMETRICS_1_0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenMetrics 1.0 text, rule by rule, on the project's own small expositions. */
class OpenMetricsTextParserTest {
    private final ExpositionParser parser = new ExpositionParser(ParseLimits.defaults());

    private List<MetricFamily> parse(String text) {
        return parser.parse(OPENMETRICS_1_0, text);
    }

    @Test
    void readsFamiliesWithTheirMetadataSamplesTimestampsAndExemplars() {
        List<MetricFamily> families = parse("""
                # TYPE hearth_requests counter
                # HELP hearth_requests Requests, by "outcome" \\\\ with a\\nsecond line
                hearth_requests_total{outcome="ok"} 17 1700000000.5 # {trace_id="4bf9"} 0.41 1700000000.25
                hearth_requests_created{outcome="ok"} 1699999000 1700000000.5
                # TYPE hearth_latency_seconds histogram
                # UNIT hearth_latency_seconds seconds
                hearth_latency_seconds_bucket{le="0.5"} 4
                hearth_latency_seconds_bucket{le="+Inf"} 5 # {} 7
                hearth_latency_seconds_count 5
                hearth_latency_seconds_sum 2.5
                # TYPE hearth_state stateset
                hearth_state{hearth_state="serving"} 1
                hearth_state{hearth_state="isolated"} 0
                # TYPE hearth_build info
                hearth_build_info{version="1.2"} 1
                untyped_thing NaN
                # EOF
                """);

        assertThat(families).extracting(MetricFamily::name).containsExactly(
                "hearth_requests", "hearth_latency_seconds", "hearth_state", "hearth_build", "untyped_thing");
        MetricFamily requests = families.get(0);
        assertThat(requests.type()).isEqualTo(MetricType.COUNTER);
        assertThat(requests.help()).isEqualTo("Requests, by \"outcome\" \\ with a\nsecond line");
        assertThat(requests.unit()).isEmpty();
        assertThat(requests.samples()).containsExactly(
                new MetricSample("hearth_requests_total", Map.of("outcome", "ok"), 17, OptionalDouble.of(1700000000.5),
                        Optional.of(new Exemplar(Map.of("trace_id", "4bf9"), 0.41, OptionalDouble.of(1700000000.25)))),
                new MetricSample("hearth_requests_created", Map.of("outcome", "ok"), 1699999000,
                        OptionalDouble.of(1700000000.5), Optional.empty()));
        MetricFamily latency = families.get(1);
        assertThat(latency.type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(latency.unit()).isEqualTo("seconds");
        assertThat(latency.help()).isEmpty();
        assertThat(latency.samples()).hasSize(4);
        assertThat(latency.samples().get(1).exemplar()).contains(new Exemplar(Map.of(), 7, OptionalDouble.empty()));
        assertThat(families.get(2).type()).isEqualTo(MetricType.STATESET);
        assertThat(families.get(3).samples()).singleElement().extracting(MetricSample::name).isEqualTo("hearth_build_info");
        assertThat(families.get(4).type()).isEqualTo(MetricType.UNKNOWN);
        assertThat(families.get(4).samples().get(0).value()).isNaN();
    }

    @Test
    void keepsLabelsInExpositionOrderAndUnescapesOnlyWhatTheGrammarEscapes() {
        MetricSample sample = parse("a{z=\"q\\\"\\n\\\\\",a=\"\\z # } {\",m=\"\"} 1\n# EOF\n").get(0).samples().get(0);

        assertThat(sample.labels()).containsExactly(
                Map.entry("z", "q\"\n\\"), Map.entry("a", "\\z # } {"), Map.entry("m", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "# EOF",                                                          // no line feed after # EOF
            "# HELP a \n# UNIT a \n# EOF\n",                                  // empty help and unit
            "# TYPE a counter\na_total{} 1\n# EOF\n",                         // empty braces
            "a 00001.5e-1\nb .5\nc 7.\nd +Inf\ne -infinity\nf nan\n# EOF\n",  // number spellings
            "# TYPE a gauge\na 1 1\na 2 1\na 3 2.5\n# EOF\n",                 // points repeat with timestamps
            "# TYPE a gaugehistogram\na_bucket{le=\"-1\"} 1\na_bucket{le=\"+Inf\"} 2\na_gcount 2\na_gsum -5\n# EOF\n",
            "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1 1\na_count 1 1\na_sum 0 1\n"
                    + "a_bucket{le=\"+Inf\"} 2 2\na_count 2 2\na_sum 1 2\n# EOF\n",
            "# TYPE a summary\na_count 1\na_sum 2\na{quantile=\"0\"} NaN\na{quantile=\"1\"} 0.8\n# EOF\n",
            "# TYPE a_created gauge\na_created 1\n# TYPE b counter\nb_total 1\n# EOF\n",
            "# HELP a he\u0000lp\n# EOF\n"})
    void acceptsWhatTheSpecificationAllows(String text) {
        assertThatCode(() -> parse(text)).doesNotThrowAnyException();
    }

    @Test
    void anExemplarMayHold128CharactersCountedInCodePoints() {
        String snowmen = "☃".repeat(127);
        assertThatCode(() -> parse("# TYPE a counter\na_total 1 # {a=\"" + snowmen + "\"} 1\n# EOF\n"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> parse("# TYPE a counter\na_total 1 # {a=\"" + snowmen + "x\"} 1\n# EOF\n"))
                .hasMessageContaining("hold 129 characters; OpenMetrics allows at most 128");
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // the grammar
            "`a 1\n`                                          | 1 | does not end with '# EOF'",
            "`a 1\n\n# EOF\n`                                 | 2 | blank line; OpenMetrics allows none",
            "`a 1\n# EOF\n\n`                                 | 3 | text after '# EOF' (line 2)",
            "`# a comment\n# EOF\n`                           | 1 | comment lines are not allowed in OpenMetrics",
            "` a 1\n# EOF\n`                                  | 1 | the line starts with a blank",
            "`a 1 \n# EOF\n`                                  | 1 | trailing space at the end of the line",
            "`a  1\n# EOF\n`                                  | 1 | missing value of a (OpenMetrics allows exactly one space here)",
            "`a{x=\"1\", y=\"2\"} 1\n# EOF\n`                 | 1 | expected a label name",
            "`a{x=\"1\",} 1\n# EOF\n`                         | 1 | trailing ',' before '}'",
            "`a{__x=\"1\"} 1\n# EOF\n`                        | 1 | starts with '__', which OpenMetrics reserves",
            "`a 0x10\n# EOF\n`                                | 1 | value of a '0x10' is not a number",
            "`a 1 NaN\n# EOF\n`                               | 1 | timestamp of a 'NaN' is not a decimal number of seconds",
            // metadata
            "`# TYPE a untyped\n# EOF\n`                      | 1 | (0.0.4's 'untyped' is 'unknown' in OpenMetrics)",
            "`# HELP a x\n# HELP a y\n# EOF\n`                | 2 | second '# HELP' for a (the first is on line 1)",
            "`# TYPE a gauge\na 1\n# HELP a x\n# EOF\n`       | 3 | '# HELP' for a after its samples (the first is on line 2)",
            "`# UNIT a seconds\n# EOF\n`                      | 1 | its name does not end with _seconds",
            "`# UNIT a_u u\n# TYPE a_u info\n# EOF\n`         | 2 | info and stateset families must not have one",
            // families
            "`a 1\nb 1\na 2\n# EOF\n`                         | 3 | family a (line 1) has ended; a family's metadata and samples must be together",
            "`# TYPE a counter\n# TYPE a_total gauge\n# EOF\n`| 2 | a_total is a sample name of counter a (line 1); a family's metadata and samples must be together",
            "`# TYPE a_created gauge\n# TYPE a counter\n# EOF\n` | 2 | counter a would expose a_created, a name family a_created (line 1) already uses",
            "`# TYPE a counter\na 1\n# EOF\n`                 | 2 | counter a names its samples a_total or a_created",
            "`a{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"1\"} 2\n# EOF\n` | 3 | samples of a{x=\"1\"} (first on line 1) resume after another label set",
            "`a 1\na 2\n# EOF\n`                              | 2 | a appears again (first on line 1)",
            "`a 1 5\na 2\n# EOF\n`                            | 2 | a has no timestamp but the first sample of a (line 1) has one",
            "`a 1 5\na 2 4\n# EOF\n`                          | 2 | timestamp of a goes back from 5.0 (line 1) to 4.0",
            // types
            "`# TYPE a counter\na_total -1\n# EOF\n`          | 2 | must not be NaN or negative",
            "`# TYPE a gauge\na 1 # {} 1\n# EOF\n`            | 2 | exemplars are allowed only on counter _total and histogram _bucket samples",
            "`# TYPE a info\na_info 2\n# EOF\n`               | 2 | an info sample's value is 1",
            "`# TYPE a stateset\na{a=\"x\"} 0.5\n# EOF\n`     | 2 | a state is 1 (set) or 0 (not set)",
            "`# TYPE a stateset\na{b=\"x\"} 1\n# EOF\n`       | 2 | needs a label named a",
            "`# TYPE a summary\na{quantile=\"2\"} 1\n# EOF\n` | 2 | quantile=\"2\" of summary a is not a number from 0 to 1",
            "`# TYPE a summary\na{quantile=\"0.5\"} -1\n# EOF\n` | 2 | summary quantiles must not be",
            "`# TYPE a histogram\na_bucket{le=\"1\"} 1\n# EOF\n` | 2 | a has no bucket le=\"+Inf\"",
            "`# TYPE a histogram\na_bucket{le=\"+inf\"} 1\n# EOF\n` | 2 | le=\"+inf\" of a_bucket is not a bucket bound",
            "`# TYPE a histogram\na_bucket{le=\"2\"} 1\na_bucket{le=\"1\"} 1\n# EOF\n` | 3 | buckets must come in increasing order of le",
            "`# TYPE a histogram\na_bucket{le=\"1\"} 2\na_bucket{le=\"+Inf\"} 1\n# EOF\n` | 3 | bucket counts are cumulative",
            "`# TYPE a histogram\na_bucket{le=\"+Inf\"} 2\na_count 3\na_sum 1\n# EOF\n` | 4 | _count of a is 3 but its le=\"+Inf\" bucket counts 2",
            "`# TYPE a histogram\na_bucket{le=\"+Inf\"} 2\na_sum 1\n# EOF\n` | 3 | a has _sum but no _count",
            "`# TYPE a histogram\na_bucket{le=\"-1\"} 0\na_bucket{le=\"+Inf\"} 2\na_count 2\na_sum 1\n# EOF\n` | 5 | negative buckets and a _sum",
            "`# TYPE a gaugehistogram\na_bucket{le=\"+Inf\"} 2\na_gcount 2\na_gsum -1\n# EOF\n` | 4 | it may be negative only when a bucket is",
            "`# TYPE a histogram\na_bucket{le=\"+Inf\"} 2 # {id=\"x\"} 1 1 # {id=\"y\"} 1\n# EOF\n` | 2 | nothing may follow an exemplar",
    })
    void refusesWhatBreaksARuleNamingTheLineAndTheRule(String text, int line, String rule) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(rule)
                .satisfies(e -> assertThat(((ExpositionFormatException) e).lineNumber()).isEqualTo(line));
    }

    @Test
    void anErrorQuotesTheOffendingLineWithItsControlCharactersVisible() {
        assertThatThrownBy(() -> parse("a 1\r\n# EOF\n"))
                .hasMessageStartingWith("line 1: value of a '1\r' is not a number")
                .hasMessageEndingWith(" in: 'a 1\\r'");
    }
}

package dev.hearth.collector.openmetrics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpositionFormatTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "text/plain; version=0.0.4; charset=utf-8              | PROMETHEUS_TEXT_0_0_4",
            "text/plain                                            | PROMETHEUS_TEXT_0_0_4",
            "Text/Plain;Version=\"0.0.4\"                          | PROMETHEUS_TEXT_0_0_4",
            "application/openmetrics-text; version=1.0.0; charset=utf-8 | OPENMETRICS_1_0",
            "application/openmetrics-text; version=0.0.1           | OPENMETRICS_1_0",
            "application/openmetrics-text                          | OPENMETRICS_1_0"})
    void readsTheFormatFromTheContentType(String contentType, ExpositionFormat expected) {
        assertThat(ExpositionFormat.ofContentType(contentType)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void noContentTypeMeansTextFormat004AsPrometheusReadsIt(String contentType) {
        assertThat(ExpositionFormat.ofContentType(contentType)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT_0_0_4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily",
            "application/json", "text/html; charset=utf-8"})
    void refusesWhatIsNoTextExposition(String contentType) {
        assertThatThrownBy(() -> ExpositionFormat.ofContentType(contentType))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageContaining("is not a text exposition this parser reads")
                .satisfies(e -> assertThat(((ExpositionFormatException) e).lineNumber()).isZero());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain; version=1.0.0; escaping=allow-utf-8", "application/openmetrics-text; version=2.0.0"})
    void refusesVersionsItDoesNotRead(String contentType) {
        assertThatThrownBy(() -> ExpositionFormat.ofContentType(contentType))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageContaining("which this parser does not read");
    }
}

package dev.hearth.collector.openmetrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The entry point: content type, UTF-8 and the limits that bound what one exposition may cost. */
class ExpositionParserTest {
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";
    private static final String TEXT_004 = "text/plain; version=0.0.4";

    private final ExpositionParser parser = new ExpositionParser(new ParseLimits(1000, 50, 3, 2));

    @Test
    void picksTheFormatFromTheContentType() {
        byte[] body = "a 1\n# EOF\n".getBytes(StandardCharsets.UTF_8);

        assertThat(parser.parse(OPENMETRICS, body)).singleElement().extracting(MetricFamily::name).isEqualTo("a");
        assertThat(parser.parse(TEXT_004, "a 1 1000\n".getBytes(StandardCharsets.UTF_8))).singleElement()
                .satisfies(f -> assertThat(f.samples().get(0).timestampSeconds()).hasValue(1.0));
        assertThatThrownBy(() -> parser.parse(OPENMETRICS, "a 1\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("does not end with '# EOF'");
    }

    @Test
    void refusesBytesThatAreNotUtf8NamingTheLine() {
        byte[] body = "a 1\nb{x=\"\u00e9\"} 2\nc{x=\"?\"} 3\n".getBytes(StandardCharsets.UTF_8);
        body[body.length - 6] = (byte) 0xC3; // a lead byte without its continuation

        assertThatThrownBy(() -> parser.parse(TEXT_004, body))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageStartingWith("line 3: byte 6 of the line is not valid UTF-8");
    }

    @Test
    void refusesAnExpositionLargerThanTheLimit() {
        assertThatThrownBy(() -> parser.parse(TEXT_004, new byte[1001]))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessage("exposition is 1001 bytes, more than the 1000 one exposition may have")
                .satisfies(e -> assertThat(((ExpositionFormatException) e).lineNumber()).isZero());
        assertThatThrownBy(() -> parser.parse(ExpositionFormat.PROMETHEUS_TEXT_0_0_4, "#".repeat(1001)))
                .hasMessageContaining("more than the 1000 one exposition may have");
    }

    @ParameterizedTest
    @EnumSource(ExpositionFormat.class)
    void refusesALineLongerThanTheLimit(ExpositionFormat format) {
        assertThatThrownBy(() -> parser.parse(format, "a 1\nlong{x=\"" + "y".repeat(60) + "\"} 1\n"))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageStartingWith("line 2: line is 72 characters long, more than the 50 a line may have");
    }

    @ParameterizedTest
    @EnumSource(ExpositionFormat.class)
    void refusesMoreSamplesThanTheLimit(ExpositionFormat format) {
        assertThatThrownBy(() -> parser.parse(format, "a{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"3\"} 1\na{x=\"4\"} 1\n# EOF\n"))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageStartingWith("line 4: more than 3 samples in one exposition");
    }

    @ParameterizedTest
    @EnumSource(ExpositionFormat.class)
    void refusesMoreFamiliesThanTheLimit(ExpositionFormat format) {
        assertThatThrownBy(() -> parser.parse(format, "a 1\nb 1\nc 1\n# EOF\n"))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessageStartingWith("line 3: more than 2 metric families in one exposition");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new ParseLimits(0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes is 0");
    }

    @Test
    void quotesALongLineCutShortInTheError() {
        ExpositionParser roomy = new ExpositionParser(ParseLimits.defaults());
        String line = "a{x=\"" + "y".repeat(500) + "} 1";

        assertThatThrownBy(() -> roomy.parse(ExpositionFormat.PROMETHEUS_TEXT_0_0_4, line))
                .hasMessageEndingWith("y".repeat(100) + "…'");
    }
}

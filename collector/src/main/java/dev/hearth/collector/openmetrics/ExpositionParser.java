package dev.hearth.collector.openmetrics;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Reads a metrics exposition, Prometheus text format 0.0.4 or OpenMetrics 1.0 text, into its metric
 * families. OpenMetrics is held to its specification (the OpenMetrics parser conformance suite passes
 * in full); 0.0.4 is read as leniently as Prometheus reads it. Either way the only exception it throws
 * for any input is {@link ExpositionFormatException}, which names the line and the rule, and
 * {@link ParseLimits} bound what one exposition may cost.
 *
 * <p>Stateless apart from its limits: one instance may serve every scrape on every thread.
 */
public final class ExpositionParser {
    private final ParseLimits limits;

    public ExpositionParser(ParseLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ParseLimits limits() {
        return limits;
    }

    /**
     * Parses an HTTP answer: its {@code Content-Type} picks the format (see
     * {@link ExpositionFormat#ofContentType}) and its body must be UTF-8, whatever charset it claims, as
     * both formats require.
     */
    public List<MetricFamily> parse(String contentType, byte[] body) {
        Objects.requireNonNull(body, "body");
        ExpositionFormat format = ExpositionFormat.ofContentType(contentType);
        if (body.length > limits.maxBytes()) {
            throw new ExpositionFormatException("exposition is " + body.length + " bytes, more than the "
                    + limits.maxBytes() + " one exposition may have");
        }
        return parse(format, decodeUtf8(body));
    }

    /** Parses a text already decoded, in the given format. */
    public List<MetricFamily> parse(ExpositionFormat format, String text) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(text, "text");
        if (text.length() > limits.maxBytes()) {
            throw new ExpositionFormatException("exposition is " + text.length() + " characters long, more than the "
                    + limits.maxBytes() + " one exposition may have");
        }
        return switch (format) {
            case OPENMETRICS_1_0 -> new OpenMetricsTextParser(text, limits).parse();
            case PROMETHEUS_TEXT_0_0_4 -> new Text004Parser(text, limits).parse();
        };
    }

    /** Strict UTF-8: a malformed byte is an error naming its line, never a silent replacement character. */
    private static String decodeUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw malformed(body, in.position());
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw malformed(body, in.position());
        }
        return out.flip().toString();
    }

    private static ExpositionFormatException malformed(byte[] body, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (body[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int lineEnd = lineStart;
        while (lineEnd < body.length && body[lineEnd] != '\n') {
            lineEnd++;
        }
        String shown = new String(body, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
        return new ExpositionFormatException(line, "byte " + (offset - lineStart + 1) + " of the line is not valid"
                + " UTF-8; both exposition formats are UTF-8 text", shown);
    }
}

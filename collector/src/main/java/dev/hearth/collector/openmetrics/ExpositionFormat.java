package dev.hearth.collector.openmetrics;

import java.util.Locale;

/** The two text formats a {@code /metrics} endpoint may answer in. */
public enum ExpositionFormat {
    /** Prometheus text exposition format 0.0.4 ({@code text/plain; version=0.0.4}). */
    PROMETHEUS_TEXT_0_0_4,
    /** OpenMetrics 1.0 text ({@code application/openmetrics-text; version=1.0.0}). */
    OPENMETRICS_1_0;

    /**
     * The format an HTTP {@code Content-Type} announces. No content type, or plain {@code text/plain},
     * means 0.0.4, as Prometheus itself reads it. OpenMetrics {@code version=0.0.1} is what older client
     * libraries announce for the same text format, so it reads as 1.0.
     *
     * @throws ExpositionFormatException for any other media type or version (e.g. the protobuf format),
     *                                   which this parser does not read
     */
    public static ExpositionFormat ofContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return PROMETHEUS_TEXT_0_0_4;
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        String version = null;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("version")) {
                version = parameter.substring(equals + 1).strip().replace("\"", "");
            }
        }
        switch (mediaType) {
            case "text/plain" -> {
                if (version == null || version.equals("0.0.4")) {
                    return PROMETHEUS_TEXT_0_0_4;
                }
            }
            case "application/openmetrics-text" -> {
                if (version == null || version.equals("1.0.0") || version.equals("0.0.1")) {
                    return OPENMETRICS_1_0;
                }
            }
            default -> throw new ExpositionFormatException("content type '" + contentType
                    + "' is not a text exposition this parser reads; expected text/plain; version=0.0.4"
                    + " or application/openmetrics-text; version=1.0.0");
        }
        throw new ExpositionFormatException("content type '" + contentType + "' names version " + version
                + ", which this parser does not read; expected text/plain; version=0.0.4"
                + " or application/openmetrics-text; version=1.0.0");
    }
}

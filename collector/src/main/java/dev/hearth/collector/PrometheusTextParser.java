package dev.hearth.collector;

import dev.hearth.collector.openmetrics.ExpositionFormat;
import dev.hearth.collector.openmetrics.ExpositionFormatException;
import dev.hearth.collector.openmetrics.ExpositionParser;
import dev.hearth.collector.openmetrics.MetricFamily;
import dev.hearth.collector.openmetrics.MetricSample;
import dev.hearth.collector.openmetrics.MetricType;
import dev.hearth.collector.openmetrics.ParseLimits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a scraped exposition (Prometheus text 0.0.4 or OpenMetrics 1.0, read by {@link ExpositionParser})
 * into the flat {@link ParsedSeries} the collector stores: one per series, in exposition order.
 *
 * <p>What the store does not want is left out: {@code _created} samples of counters, summaries and
 * histograms are creation times, not measurements; a series exposed as several timestamped points
 * keeps only its newest value, because the collector stamps everything with the scrape time; exemplars
 * and metadata stay in the parsed families.
 */
public final class PrometheusTextParser {
    /** Families whose {@code _created} sample carries a creation time rather than a measurement. */
    private static final Set<MetricType> TYPES_WITH_CREATED = Set.of(
            MetricType.COUNTER, MetricType.SUMMARY, MetricType.HISTOGRAM);

    private final ExpositionParser parser;

    public PrometheusTextParser() {
        this(new ExpositionParser(ParseLimits.defaults()));
    }

    public PrometheusTextParser(ExpositionParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** The limits one scraped answer must stay within, its size among them. */
    public ParseLimits limits() {
        return parser.limits();
    }

    /**
     * Parses an HTTP answer in the format its {@code Content-Type} names.
     *
     * @throws ExpositionFormatException when the content type is not a text exposition or the body breaks it
     */
    public List<ParsedSeries> parse(String contentType, byte[] body) {
        return flatten(parser.parse(contentType, body));
    }

    /**
     * Parses a text in the given format.
     *
     * @throws ExpositionFormatException on the first line that breaks the format
     */
    public List<ParsedSeries> parse(ExpositionFormat format, String text) {
        return flatten(parser.parse(format, text));
    }

    private static List<ParsedSeries> flatten(List<MetricFamily> families) {
        Map<SeriesKey, ParsedSeries> series = new LinkedHashMap<>();
        for (MetricFamily family : families) {
            boolean creationTimes = TYPES_WITH_CREATED.contains(family.type());
            for (MetricSample sample : family.samples()) {
                if (creationTimes && sample.name().equals(family.name() + "_created")) {
                    continue;
                }
                // a later point of the same series replaces the earlier one in place: the newest value wins
                series.put(new SeriesKey(sample.name(), sample.labels()),
                        new ParsedSeries(sample.name(), sample.labels(), sample.value()));
            }
        }
        return new ArrayList<>(series.values());
    }

    private record SeriesKey(String name, Map<String, String> labels) {
    }
}

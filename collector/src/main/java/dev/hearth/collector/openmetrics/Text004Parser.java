package dev.hearth.collector.openmetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Optional;

/**
 * Reads one Prometheus text format 0.0.4 exposition as leniently as Prometheus itself does: blanks
 * (spaces, tabs) anywhere between tokens, a trailing comma in a label set, blank lines, free comments,
 * CRLF line ends and a missing final line feed. What it does check is what would otherwise change a
 * reading silently: names, label syntax, numbers, integer millisecond timestamps, one {@code # TYPE} and
 * one {@code # HELP} per name and {@code # TYPE} before the samples, {@code le} and {@code quantile} labels
 * where histograms and summaries need them, and no series exposed twice. One instance per exposition.
 */
final class Text004Parser {
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum");

    private final String text;
    private final ParseLimits limits;
    private final List<FamilyBuilder> families = new ArrayList<>();
    private final Map<String, FamilyBuilder> familiesByName = new HashMap<>();
    private final Map<SeriesKey, Seen> seen = new HashMap<>();
    private int samples;

    Text004Parser(String text, ParseLimits limits) {
        this.text = text;
        this.limits = limits;
    }

    List<MetricFamily> parse() {
        Lines lines = new Lines(text, limits.maxLineLength());
        while (lines.advance()) {
            String content = lines.line();
            if (content.endsWith("\r")) { // CRLF endpoints exist; a carriage return is never content here
                content = content.substring(0, content.length() - 1);
            }
            LineCursor line = new LineCursor(content, lines.number());
            line.skipBlanks();
            if (line.atEnd()) {
                continue;
            }
            if (line.peekIs('#')) {
                parseComment(line);
            } else {
                parseSample(line);
            }
        }
        return families.stream().map(FamilyBuilder::build).toList();
    }

    /** {@code # HELP name text} and {@code # TYPE name type} are metadata; any other comment is ignored. */
    private void parseComment(LineCursor line) {
        line.consume('#');
        line.skipBlanks();
        String keyword = line.readToken(true);
        if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
            return;
        }
        line.skipBlanks();
        if (line.atEnd()) {
            return; // a bare "# HELP" is a comment, as Prometheus reads it
        }
        String name = line.readMetricName();
        if (name.isEmpty()) {
            throw line.error("'# " + keyword + "' must be followed by a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        if (line.atEnd()) {
            return; // "# HELP name" with nothing after it is a comment too
        }
        if (!line.atBlank()) {
            throw line.error("invalid character '" + line.peek() + "' in metric name " + name + " after '# " + keyword + "'");
        }
        line.skipBlanks();
        if (keyword.equals("HELP")) {
            FamilyBuilder family = familyNamed(name, line);
            if (family.helpLine() != 0) {
                throw line.error("second '# HELP' for " + name + " (the first is on line " + family.helpLine() + ")");
            }
            family.help(LineCursor.unescapeHelp(line.rest(), false), line.number());
            return;
        }
        String word = line.readToken(true);
        line.skipBlanks();
        MetricType type = MetricType.ofText004(word);
        if (type == null || !line.atEnd()) {
            throw line.error("unknown metric type '" + word + (line.atEnd() ? "" : " " + line.rest()) + "' for " + name
                    + "; text format 0.0.4 knows counter, gauge, histogram, summary and untyped");
        }
        FamilyBuilder family = familyNamed(name, line);
        if (family.typeLine() != 0) {
            throw line.error("second '# TYPE' for " + name + " (the first is on line " + family.typeLine() + ")");
        }
        if (family.hasSamples()) {
            throw line.error("'# TYPE' for " + name + " after its samples (the first is on line "
                    + family.firstSampleLine() + "); the type must come first");
        }
        family.type(type, line.number());
    }

    private void parseSample(LineCursor line) {
        String name = line.readMetricName();
        if (name.isEmpty()) {
            throw line.error("expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) but found '" + line.peek() + "'");
        }
        if (!line.atEnd() && !line.atBlank() && !line.peekIs('{')) {
            throw line.error("invalid character '" + line.peek() + "' in metric name " + name);
        }
        line.skipBlanks();
        Map<String, String> labels = line.peekIs('{') ? readLabels(line, name) : Map.of();
        line.skipBlanks();
        if (line.atEnd()) {
            throw line.error("missing value for " + name);
        }
        String token = line.readToken(true);
        Double value = Numbers.parseValue(token);
        if (value == null) {
            throw line.error("value '" + token + "' of " + name + " is not a number (expected e.g. 1.5, 2e-3, +Inf,"
                    + " -Inf, NaN)");
        }
        line.skipBlanks();
        OptionalDouble timestamp = OptionalDouble.empty();
        if (!line.atEnd()) {
            if (line.peekIs('#')) {
                throw line.error("exemplars ('# {…} value') are OpenMetrics only; this exposition is text format 0.0.4");
            }
            String stamp = line.readToken(true);
            Long millis = Numbers.parseMillis(stamp);
            if (millis == null) {
                throw line.error("timestamp '" + stamp + "' of " + name + " is not a whole number of milliseconds"
                        + " since the epoch, as text format 0.0.4 writes it");
            }
            timestamp = OptionalDouble.of(millis / 1000.0);
            line.skipBlanks();
            if (!line.atEnd()) {
                throw line.error("unexpected text '" + line.rest() + "' after the value and timestamp of " + name);
            }
        }
        FamilyBuilder family = familyOf(name, line);
        checkTypeLabels(family, name, labels, line);
        Seen first = seen.putIfAbsent(new SeriesKey(name, labels), new Seen(line.number(), timestamp.isPresent()));
        if (first != null && !(first.timestamped() && timestamp.isPresent())) {
            throw line.error("series " + OpenMetricsFamilyRules.describe(name, labels) + " appears twice (first on line "
                    + first.line() + "); a series may repeat only with a timestamp on every line");
        }
        family.add(new MetricSample(name, labels, value, timestamp, Optional.empty()), line.number());
        if (++samples > limits.maxSamples()) {
            throw line.error("more than " + limits.maxSamples() + " samples in one exposition");
        }
    }

    /** Histogram buckets need a numeric {@code le}, summary quantiles a numeric {@code quantile}. */
    private static void checkTypeLabels(FamilyBuilder family, String name, Map<String, String> labels, LineCursor line) {
        String required = null;
        if (family.type() == MetricType.HISTOGRAM && name.equals(family.name() + "_bucket")) {
            required = "le";
        } else if (family.type() == MetricType.SUMMARY && name.equals(family.name())) {
            required = "quantile";
        }
        if (required == null) {
            return;
        }
        String bound = labels.get(required);
        if (bound == null) {
            throw line.error(name + " of " + family.type().openMetricsName() + " " + family.name() + " has no "
                    + required + " label");
        }
        if (Numbers.parseValue(bound) == null) {
            throw line.error(required + "=\"" + bound + "\" of " + name + " is not a number");
        }
    }

    /**
     * The family a sample belongs to: a histogram's or summary's, by suffix, when that family is declared;
     * else the family of that exact name, declared or not.
     */
    private FamilyBuilder familyOf(String sampleName, LineCursor line) {
        for (String suffix : SUFFIXES) {
            if (sampleName.endsWith(suffix)) {
                FamilyBuilder base = familiesByName.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (base != null && (base.type() == MetricType.HISTOGRAM
                        || base.type() == MetricType.SUMMARY && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return familyNamed(sampleName, line);
    }

    private FamilyBuilder familyNamed(String name, LineCursor line) {
        FamilyBuilder family = familiesByName.get(name);
        if (family == null) {
            if (families.size() >= limits.maxFamilies()) {
                throw line.error("more than " + limits.maxFamilies() + " metric families in one exposition");
            }
            family = new FamilyBuilder(name, line.number());
            families.add(family);
            familiesByName.put(name, family);
        }
        return family;
    }

    /** {@code {name="value", ...}} with blanks around every token and an optional trailing comma. */
    private static Map<String, String> readLabels(LineCursor line, String owner) {
        Map<String, String> labels = new LinkedHashMap<>();
        line.expect('{', "'{'");
        line.skipBlanks();
        while (!line.consume('}')) {
            if (line.atEnd()) {
                throw line.error("labels of " + owner + " are not closed with '}'");
            }
            String name = line.readLabelName();
            if (name.isEmpty()) {
                throw line.error("expected a label name ([a-zA-Z_][a-zA-Z0-9_]*) in the labels of " + owner
                        + " but found '" + line.peek() + "'");
            }
            if (name.equals("__name__")) {
                throw line.error("label __name__ of " + owner + " is reserved for the metric name");
            }
            line.skipBlanks();
            line.expect('=', "'=' after label name " + name);
            line.skipBlanks();
            line.expect('"', "'\"' to open the value of label " + name);
            String value = line.readLabelValue(name);
            if (labels.put(name, value) != null) {
                throw line.error("label " + name + " appears twice in " + owner);
            }
            line.skipBlanks();
            if (line.consume(',')) {
                line.skipBlanks();
            } else if (!line.peekIs('}')) {
                throw line.error(line.atEnd() ? "labels of " + owner + " are not closed with '}'"
                        : "expected ',' or '}' after the value of label " + name);
            }
        }
        return labels;
    }

    private record SeriesKey(String name, Map<String, String> labels) {
    }

    private record Seen(int line, boolean timestamped) {
    }
}

package dev.hearth.collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses the Prometheus text exposition format 0.0.4 and the basics of OpenMetrics 1.0 text into
 * {@link ParsedSeries}.
 *
 * <p>What it accepts: {@code # HELP}, {@code # TYPE}, {@code # UNIT} and other comments; {@code # EOF}
 * (nothing but blank lines may follow); sample lines {@code name{label="value",...} value [timestamp]
 * [# {exemplar labels} value [timestamp]]} with blanks allowed around label tokens and a trailing
 * comma; label values with the escapes {@code \\ \" \n} (any other backslash sequence is kept as
 * written, as Prometheus does); values as decimals, {@code +Inf}, {@code -Inf}, {@code NaN} (any case, as
 * Go's ParseFloat); timestamps as integer milliseconds (0.0.4) or decimal seconds (OpenMetrics). A series
 * may repeat only when every one of its lines has a timestamp (OpenMetrics history); the last line wins.
 * Everything else it accepts is checked: an unterminated label value, a duplicate label, a repeated
 * series or a second {@code # TYPE} for one name is an {@link ExpositionFormatException} naming the line,
 * rather than a silently different sample.
 *
 * <p>{@code <family>_created} lines of counter, summary and histogram families are OpenMetrics creation
 * timestamps, not measurements, so they are validated and then left out. Timestamps and exemplars are
 * validated and dropped (see {@link ParsedSeries}).
 *
 * <p>Not covered (a later conformance parser will): the protobuf format, UTF-8 quoted metric names,
 * and OpenMetrics' stricter rules (mandatory {@code # EOF}, metadata ordering, no blank lines).
 */
public final class PrometheusTextParser {
    private static final Set<String> TYPES = Set.of(
            "counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset", "gaugehistogram");
    /** Families whose {@code _created} series carry a creation time rather than a measurement. */
    private static final Set<String> TYPES_WITH_CREATED = Set.of("counter", "summary", "histogram", "gaugehistogram");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern INFINITY = Pattern.compile("[+-]?(?:inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAN = Pattern.compile("nan", Pattern.CASE_INSENSITIVE);

    /**
     * Parses a whole exposition.
     *
     * @throws ExpositionFormatException on the first line that breaks the format
     */
    public List<ParsedSeries> parse(String exposition) {
        return new Run(exposition).parse();
    }

    /** The state of one parse; the parser itself stays stateless and shareable between threads. */
    private static final class Run {
        private final String text;
        private final List<ParsedSeries> series = new ArrayList<>();
        private final Map<String, String> typeByFamily = new HashMap<>();
        private final Map<String, Integer> typeLine = new HashMap<>();
        private final Map<SeriesKey, SeenSeries> seen = new HashMap<>();
        private boolean eof;
        private int eofLine;

        // the line being parsed
        private String line;
        private int lineNumber;
        private int pos;

        Run(String text) {
            this.text = text;
        }

        List<ParsedSeries> parse() {
            int start = 0;
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    end = text.length();
                }
                lineNumber++;
                line = text.substring(start, end);
                if (line.endsWith("\r")) { // tolerate CRLF endpoints; a bare CR is never meaningful here
                    line = line.substring(0, line.length() - 1);
                }
                pos = 0;
                parseLine();
                start = end + 1;
            }
            return series;
        }

        private void parseLine() {
            if (line.isBlank()) {
                return;
            }
            if (eof) {
                throw error("content after '# EOF' (on line " + eofLine + "); '# EOF' must end the exposition");
            }
            skipBlanks();
            if (line.charAt(pos) == '#') {
                parseComment();
            } else {
                parseSample();
            }
        }

        private void parseComment() {
            pos++; // '#'
            if (line.substring(pos).stripTrailing().equals(" EOF")) {
                eof = true;
                eofLine = lineNumber;
                return;
            }
            if (!atBlank()) {
                return; // "#comment": free text
            }
            skipBlanks();
            String keyword = readWhile(c -> c != ' ' && c != '\t');
            if (!keyword.equals("HELP") && !keyword.equals("TYPE") && !keyword.equals("UNIT")) {
                return; // any other comment is free text
            }
            skipBlanks();
            String name = readMetricName();
            if (name.isEmpty()) {
                throw error("'# " + keyword + "' must be followed by a metric name");
            }
            if (!atEnd() && !atBlank()) {
                throw error("invalid character '" + line.charAt(pos) + "' in metric name after '# " + keyword + "'");
            }
            if (keyword.equals("TYPE")) {
                String type = line.substring(pos).strip();
                if (!TYPES.contains(type)) {
                    throw error("unknown metric type '" + type + "' for " + name + "; expected one of "
                            + new TreeSet<>(TYPES));
                }
                Integer first = typeLine.putIfAbsent(name, lineNumber);
                if (first != null) {
                    throw error("second '# TYPE' for " + name + " (the first is on line " + first + ")");
                }
                typeByFamily.put(name, type);
            }
            // HELP text and UNIT are documentation only: nothing is stored from them
        }

        private void parseSample() {
            int nameColumn = pos;
            String name = readMetricName();
            if (name.isEmpty()) {
                throw error("expected a metric name at column " + (nameColumn + 1));
            }
            if (!atEnd() && !atBlank() && line.charAt(pos) != '{') {
                throw error("invalid character '" + line.charAt(pos) + "' in metric name " + name);
            }
            skipBlanks(); // the 0.0.4 format allows blanks between the name and '{'
            Map<String, String> labels = new TreeMap<>();
            if (!atEnd() && line.charAt(pos) == '{') {
                labels = readLabels(name);
            }
            skipBlanks();
            if (atEnd()) {
                throw error("missing value for " + name);
            }
            double value = parseValue(readToken(), name);
            skipBlanks();
            boolean timestamped = false;
            if (!atEnd() && line.charAt(pos) != '#') {
                parseTimestamp(readToken(), name);
                timestamped = true;
                skipBlanks();
            }
            if (!atEnd() && line.charAt(pos) == '#') {
                parseExemplar(name);
            } else if (!atEnd()) {
                throw error("unexpected text '" + line.substring(pos) + "' after the value and timestamp of " + name);
            }
            if (isCreationTimestamp(name)) {
                return;
            }
            SeriesKey key = new SeriesKey(name, labels);
            SeenSeries first = seen.get(key);
            if (first == null) {
                seen.put(key, new SeenSeries(lineNumber, series.size(), timestamped));
                series.add(new ParsedSeries(name, labels, value));
            } else if (first.timestamped() && timestamped) {
                // OpenMetrics may repeat a series with increasing timestamps: the last line is the newest
                series.set(first.index(), new ParsedSeries(name, labels, value));
            } else {
                throw error("series " + name + labels + " appears twice (first on line " + first.line()
                        + "); a series may repeat only with a timestamp on every line");
            }
        }

        private boolean isCreationTimestamp(String name) {
            if (!name.endsWith("_created")) {
                return false;
            }
            String family = name.substring(0, name.length() - "_created".length());
            String type = typeByFamily.get(family);
            return type != null && TYPES_WITH_CREATED.contains(type);
        }

        /** OpenMetrics exemplar: {@code # {trace_id="..."} value [timestamp]}; checked, then dropped. */
        private void parseExemplar(String name) {
            pos++; // '#'
            skipBlanks();
            if (atEnd() || line.charAt(pos) != '{') {
                throw error("expected an exemplar '# {labels} value' after the value of " + name);
            }
            readLabels(name + " exemplar");
            skipBlanks();
            if (atEnd()) {
                throw error("missing exemplar value for " + name);
            }
            parseValue(readToken(), name + " exemplar");
            skipBlanks();
            if (!atEnd()) {
                parseTimestamp(readToken(), name + " exemplar");
                skipBlanks();
            }
            if (!atEnd()) {
                throw error("unexpected text after the exemplar of " + name);
            }
        }

        private Map<String, String> readLabels(String owner) {
            Map<String, String> labels = new TreeMap<>();
            pos++; // '{'
            skipBlanks();
            while (true) {
                if (atEnd()) {
                    throw error("labels of " + owner + " are not closed with '}'");
                }
                if (line.charAt(pos) == '}') {
                    pos++;
                    return labels;
                }
                int column = pos;
                String labelName = readWhile(Run::isLabelNameChar);
                if (labelName.isEmpty() || Character.isDigit(labelName.charAt(0))) {
                    throw error("expected a label name at column " + (column + 1) + " of " + owner);
                }
                skipBlanks();
                expect('=', "'=' after label name " + labelName);
                skipBlanks();
                expect('"', "'\"' to open the value of label " + labelName);
                String labelValue = readLabelValue(labelName);
                if (labels.put(labelName, labelValue) != null) {
                    throw error("label " + labelName + " appears twice in " + owner);
                }
                skipBlanks();
                if (atEnd()) {
                    throw error("labels of " + owner + " are not closed with '}'");
                }
                if (line.charAt(pos) == ',') {
                    pos++;
                    skipBlanks();
                } else if (line.charAt(pos) != '}') {
                    throw error("expected ',' or '}' after the value of label " + labelName);
                }
            }
        }

        private String readLabelValue(String labelName) {
            StringBuilder value = new StringBuilder();
            while (pos < line.length()) {
                char c = line.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (pos >= line.length()) {
                    break;
                }
                char escaped = line.charAt(pos++);
                switch (escaped) {
                    case '\\' -> value.append('\\');
                    case '"' -> value.append('"');
                    case 'n' -> value.append('\n');
                    // any other escape stays as written, as Prometheus itself and OpenMetrics parsers keep it
                    default -> value.append('\\').append(escaped);
                }
            }
            throw error("value of label " + labelName + " is not terminated by '\"'");
        }

        private double parseValue(String token, String owner) {
            if (DECIMAL.matcher(token).matches()) {
                return Double.parseDouble(token);
            }
            if (INFINITY.matcher(token).matches()) {
                return token.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (NAN.matcher(token).matches()) {
                return Double.NaN;
            }
            throw error("value '" + token + "' of " + owner + " is not a number (expected e.g. 1.5, 2e-3, +Inf, -Inf, NaN)");
        }

        private void parseTimestamp(String token, String owner) {
            if (!DECIMAL.matcher(token).matches()) {
                throw error("timestamp '" + token + "' of " + owner
                        + " is not a number (expected milliseconds, or seconds in OpenMetrics)");
            }
        }

        private String readMetricName() {
            if (atEnd() || !isMetricNameStart(line.charAt(pos))) {
                return "";
            }
            return readWhile(Run::isMetricNameChar);
        }

        private String readToken() {
            return readWhile(c -> c != ' ' && c != '\t');
        }

        private String readWhile(CharPredicate predicate) {
            int start = pos;
            while (pos < line.length() && predicate.test(line.charAt(pos))) {
                pos++;
            }
            return line.substring(start, pos);
        }

        private void expect(char c, String what) {
            if (atEnd() || line.charAt(pos) != c) {
                throw error("expected " + what);
            }
            pos++;
        }

        private void skipBlanks() {
            while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= line.length();
        }

        private boolean atBlank() {
            return !atEnd() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t');
        }

        private ExpositionFormatException error(String problem) {
            return new ExpositionFormatException(lineNumber, problem, line);
        }

        private static boolean isMetricNameStart(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
        }

        private static boolean isMetricNameChar(char c) {
            return isMetricNameStart(c) || c >= '0' && c <= '9';
        }

        private static boolean isLabelNameChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9';
        }
    }

    private record SeriesKey(String name, Map<String, String> labels) {
    }

    /** Where a series was first seen: its line, its place in the result, and whether it had a timestamp. */
    private record SeenSeries(int line, int index, boolean timestamped) {
    }

    @FunctionalInterface
    private interface CharPredicate {
        boolean test(char c);
    }
}

package dev.hearth.collector.openmetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads one OpenMetrics 1.0 text exposition, strictly: the grammar exactly (single spaces, no blank
 * lines, no free comments, {@code # EOF} last), metadata before samples, no family split or exposed twice,
 * no family whose sample names clash with another's; the per-type rules are in {@link OpenMetricsFamilyRules}.
 * One instance per exposition.
 */
final class OpenMetricsTextParser {
    private static final String EOF = "# EOF";
    /** OpenMetrics caps an exemplar's label names and values together, counted in code points. */
    private static final int MAX_EXEMPLAR_LABEL_CHARACTERS = 128;

    private final String text;
    private final ParseLimits limits;
    private final List<FamilyBuilder> families = new ArrayList<>();
    private final Map<String, FamilyBuilder> familiesByName = new HashMap<>();
    /** Every family name and every sample name a family may expose, with the family that claimed it. */
    private final Map<String, FamilyBuilder> ownerOfName = new HashMap<>();
    private FamilyBuilder current;
    private OpenMetricsFamilyRules currentRules;
    private boolean currentNamesClaimed;
    private int samples;

    OpenMetricsTextParser(String text, ParseLimits limits) {
        this.text = text;
        this.limits = limits;
    }

    List<MetricFamily> parse() {
        Lines lines = new Lines(text, limits.maxLineLength());
        while (lines.advance()) {
            LineCursor line = lines.cursor();
            if (line.line().equals(EOF)) {
                if (lines.hasMore()) {
                    lines.advance();
                    throw lines.cursor().error("text after '# EOF' (line " + line.number()
                            + "); '# EOF' ends an OpenMetrics exposition and only a line feed may follow it");
                }
                closeCurrent(line);
                return families.stream().map(FamilyBuilder::build).toList();
            }
            parseLine(line);
        }
        int last = Math.max(1, lines.number());
        throw new ExpositionFormatException(last, "the exposition does not end with '# EOF'; an OpenMetrics"
                + " exposition must, so that a cut-off answer is never taken for a whole one", lines.line());
    }

    private void parseLine(LineCursor line) {
        if (line.atEnd()) {
            throw line.error("blank line; OpenMetrics allows none");
        }
        if (line.peekIs('#')) {
            parseDescriptor(line);
        } else {
            parseSample(line);
        }
    }

    private void parseDescriptor(LineCursor line) {
        String keyword;
        if (line.consume("# HELP")) {
            keyword = "HELP";
        } else if (line.consume("# TYPE")) {
            keyword = "TYPE";
        } else if (line.consume("# UNIT")) {
            keyword = "UNIT";
        } else {
            throw line.error("comment lines are not allowed in OpenMetrics: a line starting with '#' must be"
                    + " '# HELP', '# TYPE', '# UNIT' or '# EOF'");
        }
        line.expect(' ', "a single space after '# " + keyword + "'");
        String name = line.readMetricName();
        if (name.isEmpty()) {
            throw line.error("'# " + keyword + "' must be followed by a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        line.expect(' ', "a single space after '# " + keyword + " " + name + "' and then its "
                + keyword.toLowerCase(Locale.ROOT) + (keyword.equals("TYPE") ? "" : " (which may be empty)"));
        String value = line.rest();
        FamilyBuilder family = familyForDescriptor(name, keyword, line);
        switch (keyword) {
            case "HELP" -> help(family, value, line);
            case "TYPE" -> type(family, value, line);
            default -> unit(family, value, line);
        }
    }

    private void help(FamilyBuilder family, String value, LineCursor line) {
        if (family.helpLine() != 0) {
            throw line.error("second '# HELP' for " + family.name() + " (the first is on line " + family.helpLine() + ")");
        }
        family.help(LineCursor.unescapeHelp(value, true), line.number());
    }

    private void type(FamilyBuilder family, String word, LineCursor line) {
        if (family.typeLine() != 0) {
            throw line.error("second '# TYPE' for " + family.name() + " (the first is on line " + family.typeLine() + ")");
        }
        MetricType type = MetricType.ofOpenMetrics(word);
        if (type == null) {
            throw line.error("unknown metric type '" + word + "'; OpenMetrics knows counter, gauge, histogram,"
                    + " gaugehistogram, summary, info, stateset and unknown"
                    + (word.equals("untyped") ? " (0.0.4's 'untyped' is 'unknown' in OpenMetrics)" : "")
                    + ", each followed by nothing, not even a space");
        }
        if ((type == MetricType.INFO || type == MetricType.STATESET) && !family.unit().isEmpty()) {
            throw line.error(type.openMetricsName() + " " + family.name() + " has a unit (line " + family.unitLine()
                    + "); info and stateset families must not have one");
        }
        family.type(type, line.number());
        claimNames(family, line);
    }

    private void unit(FamilyBuilder family, String unit, LineCursor line) {
        if (family.unitLine() != 0) {
            throw line.error("second '# UNIT' for " + family.name() + " (the first is on line " + family.unitLine() + ")");
        }
        if (!unit.chars().allMatch(OpenMetricsTextParser::isMetricNameChar)) {
            throw line.error("unit '" + unit + "' may hold only the characters of a metric name [a-zA-Z0-9_:],"
                    + " and nothing may follow it");
        }
        if (!unit.isEmpty() && (family.type() == MetricType.INFO || family.type() == MetricType.STATESET)) {
            throw line.error(family.type().openMetricsName() + " " + family.name()
                    + " must not have a unit; info and stateset values are not measured in one");
        }
        if (!unit.isEmpty() && !family.name().endsWith("_" + unit)) {
            throw line.error("family " + family.name() + " has unit '" + unit + "' but its name does not end with _"
                    + unit + "; OpenMetrics requires the unit as the name's suffix");
        }
        family.unit(unit, line.number());
    }

    /** The family a metadata line is about: the current one if named alike, else a new one. */
    private FamilyBuilder familyForDescriptor(String name, String keyword, LineCursor line) {
        if (current != null && current.name().equals(name)) {
            if (current.hasSamples()) {
                throw line.error("'# " + keyword + "' for " + name + " after its samples (the first is on line "
                        + current.firstSampleLine() + "); a family's metadata must come before its samples");
            }
            return current;
        }
        return startFamily(name, line);
    }

    private void parseSample(LineCursor line) {
        MetricSample sample = readSample(line);
        FamilyBuilder family = familyForSample(sample.name(), line);
        if (!currentNamesClaimed) {
            claimNames(family, line);
        }
        currentRules.accept(sample, line);
        family.add(sample, line.number());
        if (++samples > limits.maxSamples()) {
            throw line.error("more than " + limits.maxSamples() + " samples in one exposition");
        }
    }

    /**
     * The family a sample belongs to: the current one if its type exposes that sample name, else a new
     * family of unknown type named after the sample, which must not be a name an earlier family holds.
     */
    private FamilyBuilder familyForSample(String sampleName, LineCursor line) {
        if (current != null) {
            for (String suffix : current.type().openMetricsSuffixes()) {
                if (sampleName.equals(current.name() + suffix)) {
                    return current;
                }
            }
            if (sampleName.equals(current.name())) {
                throw line.error(current.type().openMetricsName() + " " + current.name() + " names its samples "
                        + sampleNames(current) + "; a sample named " + sampleName + " does not belong to it");
            }
        }
        return startFamily(sampleName, line);
    }

    private FamilyBuilder startFamily(String name, LineCursor line) {
        FamilyBuilder owner = ownerOfName.get(name);
        if (owner == null) {
            owner = familiesByName.get(name);
        }
        if (owner != null) {
            String ended = owner == current ? "" : ", which has ended";
            throw line.error((owner.name().equals(name) ? "family " + name + " (line " + owner.firstLine() + ")"
                    + (owner == current ? " is being read" : " has ended")
                    : name + " is a sample name of " + owner.type().openMetricsName() + " " + owner.name() + " (line "
                    + owner.firstLine() + ")" + ended) + "; a family's metadata and samples must be together, each"
                    + " family exposed once, and no two families may share a name");
        }
        closeCurrent(line);
        if (families.size() >= limits.maxFamilies()) {
            throw line.error("more than " + limits.maxFamilies() + " metric families in one exposition");
        }
        current = new FamilyBuilder(name, line.number());
        currentRules = new OpenMetricsFamilyRules(current);
        currentNamesClaimed = false;
        families.add(current);
        familiesByName.put(name, current);
        return current;
    }

    private void closeCurrent(LineCursor line) {
        if (current == null) {
            return;
        }
        if (!currentNamesClaimed) {
            claimNames(current, line);
        }
        currentRules.finish();
    }

    /**
     * Claims the family's name and every sample name its type exposes, once the type is settled, so that
     * two families can never expose the same sample (a gauge {@code a_created} and a counter {@code a}).
     */
    private void claimNames(FamilyBuilder family, LineCursor line) {
        List<String> names = new ArrayList<>();
        names.add(family.name());
        for (String suffix : family.type().openMetricsSuffixes()) {
            if (!suffix.isEmpty()) {
                names.add(family.name() + suffix);
            }
        }
        for (String name : names) {
            FamilyBuilder owner = ownerOfName.get(name);
            if (owner != null && owner != family) {
                throw line.error(family.type().openMetricsName() + " " + family.name() + " would expose " + name
                        + ", a name family " + owner.name() + " (line " + owner.firstLine() + ") already uses");
            }
        }
        names.forEach(name -> ownerOfName.put(name, family));
        currentNamesClaimed = true;
    }

    /** {@code name[{labels}] value [timestamp] [# {labels} value [timestamp]]}, single spaces only. */
    private MetricSample readSample(LineCursor line) {
        String name = line.readMetricName();
        if (name.isEmpty()) {
            throw line.error(line.atBlank() ? "the line starts with a blank; OpenMetrics allows none"
                    : "expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) at the start of the line");
        }
        if (!line.atEnd() && !line.peekIs(' ') && !line.peekIs('{')) {
            throw line.error("invalid character '" + line.peek() + "' after metric name " + name
                    + "; metric names are [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        Map<String, String> labels = line.peekIs('{') ? readLabels(line, name) : Map.of();
        line.expect(' ', "a single space between " + name + " and its value");
        double value = readValue(line, "value of " + name);
        OptionalDouble timestamp = OptionalDouble.empty();
        Optional<Exemplar> exemplar = Optional.empty();
        if (line.consume(' ')) {
            if (line.peekIs('#')) {
                exemplar = Optional.of(readExemplar(line, name));
            } else {
                timestamp = OptionalDouble.of(readTimestamp(line, "timestamp of " + name));
                if (line.consume(' ')) {
                    if (!line.peekIs('#')) {
                        throw line.error("unexpected text after the timestamp of " + name
                                + "; only an exemplar '# {labels} value [timestamp]' may follow it");
                    }
                    exemplar = Optional.of(readExemplar(line, name));
                }
            }
        }
        if (!line.atEnd()) {
            throw line.error("unexpected '" + line.peek() + "' after the value of " + name
                    + "; OpenMetrics separates value, timestamp and exemplar by a single space");
        }
        return new MetricSample(name, labels, value, timestamp, exemplar);
    }

    private Exemplar readExemplar(LineCursor line, String name) {
        line.expect('#', "'#' to start an exemplar");
        line.expect(' ', "a single space after the '#' of the exemplar of " + name);
        if (!line.peekIs('{')) {
            throw line.error("expected the exemplar's label set '{…}' after '# ' (it may be empty: '{}')");
        }
        Map<String, String> labels = readLabels(line, name + "'s exemplar");
        int characters = 0;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            characters += label.getKey().codePointCount(0, label.getKey().length())
                    + label.getValue().codePointCount(0, label.getValue().length());
        }
        if (characters > MAX_EXEMPLAR_LABEL_CHARACTERS) {
            throw line.error("the exemplar's label names and values of " + name + " hold " + characters
                    + " characters; OpenMetrics allows at most " + MAX_EXEMPLAR_LABEL_CHARACTERS);
        }
        line.expect(' ', "a single space between the exemplar's labels and its value");
        double value = readValue(line, "exemplar value of " + name);
        OptionalDouble timestamp = OptionalDouble.empty();
        if (line.consume(' ')) {
            timestamp = OptionalDouble.of(readTimestamp(line, "exemplar timestamp of " + name));
        }
        if (!line.atEnd()) {
            throw line.error("unexpected '" + line.peek() + "' after the exemplar of " + name
                    + "; nothing may follow an exemplar's value and timestamp");
        }
        return new Exemplar(labels, value, timestamp);
    }

    private double readValue(LineCursor line, String what) {
        String token = line.readToken(false);
        if (token.isEmpty()) {
            throw line.error("missing " + what + (line.atEnd() ? "" : " (OpenMetrics allows exactly one space here)"));
        }
        Double value = Numbers.parseValue(token);
        if (value == null) {
            throw line.error(what + " '" + token + "' is not a number; OpenMetrics numbers are decimal"
                    + " (1, -2.5, 1e3), +Inf, -Inf or NaN");
        }
        return value;
    }

    private double readTimestamp(LineCursor line, String what) {
        String token = line.readToken(false);
        if (token.isEmpty()) {
            throw line.error(line.atEnd() ? "trailing space at the end of the line; OpenMetrics allows none"
                    : "missing " + what + " (OpenMetrics allows exactly one space here)");
        }
        Double timestamp = Numbers.parseReal(token);
        if (timestamp == null) {
            throw line.error(what + " '" + token + "' is not a decimal number of seconds (e.g. 1700000000.123);"
                    + " NaN and infinities are not timestamps");
        }
        return timestamp;
    }

    /** {@code {name="value",...}}: no spaces, no trailing comma, each name once. */
    private Map<String, String> readLabels(LineCursor line, String owner) {
        Map<String, String> labels = new LinkedHashMap<>();
        line.expect('{', "'{'");
        if (line.consume('}')) {
            return labels;
        }
        while (true) {
            String name = line.readLabelName();
            if (name.isEmpty()) {
                throw line.error(line.peekIs('}') && !labels.isEmpty()
                        ? "trailing ',' before '}' in the labels of " + owner + "; OpenMetrics allows none"
                        : "expected a label name ([a-zA-Z_][a-zA-Z0-9_]*) in the labels of " + owner);
            }
            if (name.startsWith("__")) {
                throw line.error("label name " + name + " of " + owner
                        + " starts with '__', which OpenMetrics reserves");
            }
            line.expect('=', "'=' right after label name " + name);
            line.expect('"', "'\"' to open the value of label " + name);
            String value = line.readLabelValue(name);
            if (labels.put(name, value) != null) {
                throw line.error("label " + name + " appears twice in the labels of " + owner);
            }
            if (line.consume('}')) {
                return labels;
            }
            line.expect(',', "',' or '}' after the value of label " + name);
        }
    }

    private static boolean isMetricNameChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':';
    }

    private static String sampleNames(FamilyBuilder family) {
        return String.join(" or ", family.type().openMetricsSuffixes().stream()
                .map(suffix -> family.name() + suffix).toList());
    }
}

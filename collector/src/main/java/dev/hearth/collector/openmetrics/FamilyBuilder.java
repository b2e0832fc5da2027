package dev.hearth.collector.openmetrics;

import java.util.ArrayList;
import java.util.List;

/** A metric family while it is being read: its metadata, where each piece came from, and its samples. */
final class FamilyBuilder {
    private final String name;
    private final int firstLine;
    private MetricType type = MetricType.UNKNOWN;
    private String help;
    private String unit;
    private int typeLine;
    private int helpLine;
    private int unitLine;
    private int firstSampleLine;
    private final List<MetricSample> samples = new ArrayList<>();

    FamilyBuilder(String name, int firstLine) {
        this.name = name;
        this.firstLine = firstLine;
    }

    String name() {
        return name;
    }

    int firstLine() {
        return firstLine;
    }

    MetricType type() {
        return type;
    }

    /** Line of its {@code # TYPE}, 0 when it has none (yet). */
    int typeLine() {
        return typeLine;
    }

    /** Line of its {@code # HELP}, 0 when it has none (yet). */
    int helpLine() {
        return helpLine;
    }

    /** Line of its {@code # UNIT}, 0 when it has none (yet). */
    int unitLine() {
        return unitLine;
    }

    String unit() {
        return unit == null ? "" : unit;
    }

    /** Line of its first sample, 0 when it has none (yet). */
    int firstSampleLine() {
        return firstSampleLine;
    }

    boolean hasSamples() {
        return !samples.isEmpty();
    }

    void type(MetricType type, int line) {
        this.type = type;
        this.typeLine = line;
    }

    void help(String help, int line) {
        this.help = help;
        this.helpLine = line;
    }

    void unit(String unit, int line) {
        this.unit = unit;
        this.unitLine = line;
    }

    void add(MetricSample sample, int line) {
        if (samples.isEmpty()) {
            firstSampleLine = line;
        }
        samples.add(sample);
    }

    MetricFamily build() {
        return new MetricFamily(name, type, help == null ? "" : help, unit(), samples);
    }
}

package dev.hearth.collector.openmetrics;

/**
 * How much one exposition may hold before the parser refuses it. A scrape target is not trusted: a
 * runaway exporter (a label per request id, an endless line) must cost the collector an error, not its
 * memory.
 *
 * @param maxBytes      size of the whole exposition, in bytes (a text given as a string: in characters)
 * @param maxLineLength characters in one line
 * @param maxSamples    sample lines in one exposition
 * @param maxFamilies   metric families in one exposition
 */
public record ParseLimits(int maxBytes, int maxLineLength, int maxSamples, int maxFamilies) {
    public ParseLimits {
        requirePositive(maxBytes, "maxBytes");
        requirePositive(maxLineLength, "maxLineLength");
        requirePositive(maxSamples, "maxSamples");
        requirePositive(maxFamilies, "maxFamilies");
    }

    /**
     * Room for any real exporter: node_exporter on a large host writes a few MiB and tens of thousands of
     * samples; a line of 64 Ki characters holds any sane label set.
     */
    public static ParseLimits defaults() {
        return new ParseLimits(32 * 1024 * 1024, 64 * 1024, 500_000, 100_000);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException("parse limit " + name + " is " + value + "; it must be positive");
        }
    }
}

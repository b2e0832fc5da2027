package dev.hearth.collector.query;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** Reads the {@code le} label of a histogram bucket series as the bucket's upper bound. */
final class BucketBound {
    /** Decimal numbers as Prometheus clients write them: "0.5", "1", "1e-3", "2.5E+2", ".5". */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private BucketBound() {
    }

    /**
     * The upper bound {@code le} names: a decimal number or an infinity ({@code +Inf}, {@code Inf},
     * {@code -Inf}, any case, as Go's ParseFloat reads them). Empty for anything else, NaN and surrounding spaces included:
     * such a series cannot be placed among the buckets, and Prometheus skips it too. Java's own
     * parser is not used on its own because it also takes "1d", "0x1p3" and "Infinity"-only spellings.
     */
    static OptionalDouble parse(String le) {
        if (le == null) {
            return OptionalDouble.empty();
        }
        String text = le;
        String unsigned = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        String word = unsigned.toLowerCase(Locale.ROOT);
        if (word.equals("inf") || word.equals("infinity")) {
            return OptionalDouble.of(text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (!DECIMAL.matcher(text).matches()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(text));
    }
}

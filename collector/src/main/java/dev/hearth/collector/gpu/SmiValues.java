package dev.hearth.collector.gpu;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads nvidia-smi's value strings ({@code "215.00 W"}, {@code "8192 MiB"}, {@code "31 %"},
 * {@code "[N/A]"}) into base units. Shared by the XML and the CSV parser, which see the same strings.
 */
final class SmiValues {
    /**
     * What nvidia-smi writes where it has no value (with or without brackets). Such a field is absent:
     * storing it as 0 would make a GPU without a fan look like a GPU whose fan stopped.
     */
    private static final Set<String> NO_VALUE = Set.of("", "n/a", "not supported", "not available", "unknown",
            "unknown error", "insufficient permissions", "gpu requires reset", "gpu is lost",
            "requested functionality has been deprecated");
    private static final Pattern QUANTITY = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(\\S+)?");
    private static final Pattern COUNT = Pattern.compile("\\d+");

    private SmiValues() {
    }

    static boolean absent(String raw) {
        String text = raw.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        return NO_VALUE.contains(text.toLowerCase(Locale.ROOT));
    }

    /**
     * {@code raw} in the base unit of {@code unit}; empty when nvidia-smi had no value.
     *
     * @param bareUnit what a bare number is in: null where a bare number is an error (XML always writes
     *                 the unit); the CSV header's unit for {@code nounits} output and bare temperatures
     * @param where    the GPU and field, for the error message
     */
    static OptionalDouble quantity(String raw, SmiUnit unit, String bareUnit, String where) {
        if (absent(raw)) {
            return OptionalDouble.empty();
        }
        Matcher m = QUANTITY.matcher(raw.strip());
        if (!m.matches()) {
            throw new GpuOutputException(where + " is '" + raw.strip() + "', not a number with a unit such as '"
                    + example(unit) + "' nor a 'N/A' marker");
        }
        String spelled = m.group(2);
        if (spelled == null && bareUnit == null) {
            throw new GpuOutputException(where + " is '" + raw.strip() + "' without a unit; expected " + example(unit));
        }
        String spelling = spelled == null ? bareUnit : spelled;
        if (!unit.factors.containsKey(spelling)) {
            throw new GpuOutputException(where + " is '" + raw.strip() + "': unit '" + spelling + "' is wrong here;"
                    + " expected one of " + unit.factors.keySet() + ", e.g. " + example(unit));
        }
        double value = Double.parseDouble(m.group(1));
        if (value < 0 && unit != SmiUnit.CELSIUS) {
            throw new GpuOutputException(where + " is '" + raw.strip() + "'; a negative value is impossible here");
        }
        return OptionalDouble.of(unit.toBase(value, spelling));
    }

    /** A non-negative whole number such as an ECC counter; empty when nvidia-smi had no value. */
    static OptionalDouble count(String raw, String where) {
        if (absent(raw)) {
            return OptionalDouble.empty();
        }
        String text = raw.strip();
        if (!COUNT.matcher(text).matches()) {
            throw new GpuOutputException(where + " is '" + text + "', not a count (a whole number) nor 'N/A'");
        }
        return OptionalDouble.of(Double.parseDouble(text));
    }

    /** A clock event (throttle) reason: "Active" or "Not Active"; empty when not reported. */
    static Optional<Boolean> active(String raw, String where) {
        return flag(raw, where, "Active", "Not Active");
    }

    /** A "Yes" / "No" field; empty when not reported. */
    static Optional<Boolean> yesNo(String raw, String where) {
        return flag(raw, where, "Yes", "No");
    }

    private static Optional<Boolean> flag(String raw, String where, String yes, String no) {
        if (absent(raw)) {
            return Optional.empty();
        }
        String text = raw.strip();
        if (text.equalsIgnoreCase(yes)) {
            return Optional.of(true);
        }
        if (text.equalsIgnoreCase(no)) {
            return Optional.of(false);
        }
        throw new GpuOutputException(where + " is '" + text + "'; expected '" + yes + "' or '" + no + "'");
    }

    private static String example(SmiUnit unit) {
        return "'42 " + unit.usual + "'";
    }
}

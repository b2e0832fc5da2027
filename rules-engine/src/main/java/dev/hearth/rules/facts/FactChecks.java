package dev.hearth.rules.facts;

import java.util.Objects;

/** Argument checks shared by the fact records, so every bad fact is refused with the same kind of message. */
final class FactChecks {
    private FactChecks() {
    }

    static String text(String value, String fact, String field) {
        Objects.requireNonNull(value, () -> fact + " needs a " + field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(fact + " has a blank " + field + "; give a " + field);
        }
        return value;
    }

    static double finite(double value, String fact, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(fact + " has " + field + " " + value
                    + "; it must be a finite number (skip NaN or infinite samples before building facts)");
        }
        return value;
    }

    static double ratio(double value, String fact, String field) {
        finite(value, fact, field);
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException(fact + " has " + field + " " + value + "; it must lie in [0, 1]");
        }
        return value;
    }

    static long notNegative(long value, String fact, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(fact + " has " + field + " " + value + "; it must be 0 or more");
        }
        return value;
    }
}

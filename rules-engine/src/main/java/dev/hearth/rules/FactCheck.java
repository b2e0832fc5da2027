package dev.hearth.rules;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Optional;

/**
 * Refuses facts a rule could not reason about: a record with a missing field, or a number that is NaN
 * or infinite (every comparison with NaN is false, so "stays above 90" would quietly never hold).
 */
final class FactCheck {
    private static final int SHOWN = 200;

    private FactCheck() {
    }

    /** Why the fact is refused, or empty when it may be inserted. */
    static Optional<String> problem(Object fact) {
        if (fact == null) {
            return Optional.of("a null fact was refused: the fact source returned null in its list");
        }
        if (!fact.getClass().isRecord()) {
            return Optional.empty();
        }
        for (RecordComponent c : fact.getClass().getRecordComponents()) {
            Object value;
            try {
                c.getAccessor().trySetAccessible(); // records declared inside a test or a rule file
                value = c.getAccessor().invoke(fact);
            } catch (IllegalAccessException | InvocationTargetException e) {
                return Optional.of(refused(fact, "its " + c.getName() + " cannot be read: " + e));
            }
            if (value == null) {
                return Optional.of(refused(fact, "it has no " + c.getName()));
            }
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return Optional.of(refused(fact, "its " + c.getName() + " is " + d + ", not a number a rule can compare"));
            }
            if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
                return Optional.of(refused(fact, "its " + c.getName() + " is " + f + ", not a number a rule can compare"));
            }
        }
        return Optional.empty();
    }

    static String describe(Object fact) {
        String text = String.valueOf(fact);
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
    }

    private static String refused(Object fact, String why) {
        return "fact " + describe(fact) + " was refused: " + why + "; the rules ran without it";
    }
}

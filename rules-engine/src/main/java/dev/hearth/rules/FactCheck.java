package dev.hearth.rules;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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

    /**
     * Each record class's components, looked up once: an evaluation checks every fact, a large fleet's
     * evaluation some hundred thousand of them, and reflective lookups per fact cost more than the rules.
     */
    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Component[] out = new Component[components.length];
            for (int i = 0; i < components.length; i++) {
                Method accessor = components[i].getAccessor();
                accessor.trySetAccessible(); // records declared inside a test or a rule file
                out[i] = new Component(components[i].getName(), accessor);
            }
            return out;
        }
    };

    private record Component(String name, Method accessor) {
    }

    /** Why the fact is refused, or empty when it may be inserted. */
    static Optional<String> problem(Object fact) {
        if (fact == null) {
            return Optional.of("a null fact was refused: the fact source returned null in its list");
        }
        if (!fact.getClass().isRecord()) {
            return Optional.empty();
        }
        for (Component c : COMPONENTS.get(fact.getClass())) {
            Object value;
            try {
                value = c.accessor().invoke(fact);
            } catch (IllegalAccessException | InvocationTargetException e) {
                return Optional.of(refused(fact, "its " + c.name() + " cannot be read: " + e));
            }
            if (value == null) {
                return Optional.of(refused(fact, "it has no " + c.name()));
            }
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return Optional.of(refused(fact, "its " + c.name() + " is " + d + ", not a number a rule can compare"));
            }
            if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
                return Optional.of(refused(fact, "its " + c.name() + " is " + f + ", not a number a rule can compare"));
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

package dev.hearth.remediation;

import dev.hearth.model.ActionType;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which backend carries out each action type (the Hearth fleet API, Kubernetes, a ticket desk, a power
 * controller…), and for types this fleet cannot do, why not. Immutable.
 */
public final class Backends {
    private final Map<ActionType, FleetActuator> actuators;
    private final Map<ActionType, String> notApplicable;

    private Backends(Map<ActionType, FleetActuator> actuators, Map<ActionType, String> notApplicable) {
        this.actuators = actuators;
        this.notApplicable = notApplicable;
    }

    public static Backends none() {
        return new Backends(new EnumMap<>(ActionType.class), new EnumMap<>(ActionType.class));
    }

    /** One backend for the given types (the existing behaviour of a single actuator). */
    public static Backends of(FleetActuator actuator, ActionType... types) {
        Backends b = none();
        for (ActionType t : types) {
            b = b.with(t, actuator);
        }
        return b;
    }

    public Backends with(ActionType type, FleetActuator actuator) {
        Map<ActionType, FleetActuator> a = new EnumMap<>(ActionType.class);
        a.putAll(actuators);
        a.put(type, actuator);
        Map<ActionType, String> n = new EnumMap<>(ActionType.class);
        n.putAll(notApplicable);
        n.remove(type);
        return new Backends(a, n);
    }

    /** Declares that this fleet cannot carry out {@code type}, and why; the audit records the reason. */
    public Backends notApplicable(ActionType type, String reason) {
        Map<ActionType, FleetActuator> a = new EnumMap<>(ActionType.class);
        a.putAll(actuators);
        a.remove(type);
        Map<ActionType, String> n = new EnumMap<>(ActionType.class);
        n.putAll(notApplicable);
        n.put(type, reason);
        return new Backends(a, n);
    }

    public Optional<FleetActuator> forType(ActionType type) {
        return Optional.ofNullable(actuators.get(type));
    }

    /** Why {@code type} cannot be carried out here: the declared reason, or that no backend handles it. */
    public String whyNot(ActionType type) {
        return notApplicable.getOrDefault(type, "no backend handles " + type.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-') + " in this fleet");
    }
}

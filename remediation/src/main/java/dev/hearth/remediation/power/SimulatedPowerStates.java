package dev.hearth.remediation.power;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Power states that could not be applied to a real GPU, by node: what the fleet simulator and the status view
 * read to act as if they had been. One instance per control plane, passed to whoever needs it.
 */
public final class SimulatedPowerStates {
    private final ConcurrentMap<String, PowerState> states = new ConcurrentHashMap<>();

    void record(PowerState state) {
        states.put(state.node(), state);
    }

    /** The node's simulated state; empty once a real GPU took a state or when none was ever set. */
    public Optional<PowerState> get(String node) {
        return Optional.ofNullable(states.get(node));
    }

    void forget(String node) {
        states.remove(node);
    }

    /** Every simulated state, sorted by node. */
    public Map<String, PowerState> all() {
        return Collections.unmodifiableMap(new TreeMap<>(states));
    }
}

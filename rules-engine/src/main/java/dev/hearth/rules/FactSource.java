package dev.hearth.rules;

import java.time.Instant;
import java.util.List;

/**
 * Where an evaluation's facts come from: the fleet as of one instant (readings, windows, events,
 * staleness, node states, SLO windows, placement). Owned here, where it is consumed; the control plane
 * implements it over the metric store and the fleet's state, tests and scenarios over samples in memory.
 */
@FunctionalInterface
public interface FactSource {

    /** The facts as of {@code at}; reads nothing later than {@code at}, so replaying history is exact. */
    List<Object> facts(Instant at);
}

package dev.hearth.rules.fleet;

import java.time.Instant;

/**
 * What fact loading needs from the control plane: node states and topology, and where the shards are.
 * Owned here, where it is consumed; the control plane implements it over its fleet registry and
 * placement, scenarios over the fleet their file describes.
 */
@FunctionalInterface
public interface FleetState {

    /** The fleet as of {@code at}. */
    FleetSnapshot stateAt(Instant at);
}

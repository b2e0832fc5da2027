package dev.hearth.controlplane.rules;

import dev.hearth.rules.FactSource;
import dev.hearth.rules.facts.RecentReadings;
import dev.hearth.rules.fleet.FleetFacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The facts the live loop evaluates: the fleet facts (windows, events, staleness, SLO windows,
 * placement) that the shipped rules read, plus raw readings of a few metrics for rules written in
 * the DSL, whose sentences judge readings over windows of their own choosing.
 */
public final class LiveFacts implements FactSource {
    private final FleetFacts fleet;
    private final RecentReadings readings;

    public LiveFacts(FleetFacts fleet, RecentReadings readings) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.readings = Objects.requireNonNull(readings, "readings");
    }

    @Override
    public List<Object> facts(Instant at) {
        List<Object> facts = new ArrayList<>(fleet.facts(at));
        facts.addAll(readings.readings(at));
        return facts;
    }
}

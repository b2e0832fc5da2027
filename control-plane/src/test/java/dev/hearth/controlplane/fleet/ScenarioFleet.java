package dev.hearth.controlplane.fleet;

import dev.hearth.controlplane.Json;
import dev.hearth.testsupport.TestDatabase;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local fleet for an end-to-end test, on a database of its own on the test PostgreSQL, with the
 * events it reported and a probe to ask it things; closing it stops the fleet and drops the database.
 */
final class ScenarioFleet implements AutoCloseable {
    private final TestDatabase db;
    private final LocalFleet fleet;
    private final List<String> events;
    private final FleetProbe probe;

    private ScenarioFleet(TestDatabase db, LocalFleet fleet, List<String> events) {
        this.db = db;
        this.fleet = fleet;
        this.events = events;
        this.probe = new FleetProbe(fleet, events);
    }

    /** @param config the fleet's configuration, given its database's JDBC URL */
    static ScenarioFleet start(Function<String, FleetConfig> config, RemediationSetup setup) {
        TestDatabase db = TestDatabase.create();
        List<String> events = new CopyOnWriteArrayList<>();
        try {
            return new ScenarioFleet(db, LocalFleet.start(config.apply(db.url()), setup, Clock.systemUTC(),
                    events::add, Json.newMapper()), events);
        } catch (RuntimeException | Error e) {
            db.close();
            throw e;
        }
    }

    LocalFleet fleet() {
        return fleet;
    }

    FleetProbe probe() {
        return probe;
    }

    /** Every line the fleet reported so far, oldest first. */
    List<String> events() {
        return events;
    }

    @Override
    public void close() {
        try {
            fleet.close();
        } finally {
            db.close();
        }
    }
}

package dev.hearth.rules.scenario;

import dev.hearth.rules.facts.PowerPolicy;
import dev.hearth.rules.fleet.FleetFactsConfig;

/** Settings a scenario changes from the defaults; each is optional. */
public record ScenarioSettings(Double powerLow, Double powerHigh, Double queueLimit) {

    static ScenarioSettings none() {
        return new ScenarioSettings(null, null, null);
    }

    FleetFactsConfig apply(FleetFactsConfig config) {
        FleetFactsConfig out = config;
        if (powerLow != null || powerHigh != null) {
            PowerPolicy p = config.power();
            out = out.withPower(new PowerPolicy(powerLow == null ? p.lowBelow() : powerLow,
                    powerHigh == null ? p.highAbove() : powerHigh));
        }
        if (queueLimit != null) {
            out = out.withQueueLimit(queueLimit);
        }
        return out;
    }
}

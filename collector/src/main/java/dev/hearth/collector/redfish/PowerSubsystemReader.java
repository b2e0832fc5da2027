package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.net.URI;
import java.util.Optional;

/**
 * PowerSubsystem (PowerSubsystem.v1_x): its PowerSupplies collection, each supply's Status and the
 * {@code InputPowerWatts} and {@code OutputPowerWatts} of its PowerSupplyMetrics.
 */
final class PowerSubsystemReader {
    private PowerSubsystemReader() {
    }

    static Findings read(Walk walk, URI url) throws CollectException {
        Resource subsystem = walk.fetch(url);
        Findings found = new Findings();
        Optional<URI> supplies = subsystem.link("PowerSupplies");
        if (supplies.isEmpty()) {
            return found;
        }
        for (Resource supply : walk.fetchMembers(supplies.get())) {
            Optional<URI> metricsLink = supply.link("Metrics");
            if (metricsLink.isPresent()) {
                Resource metrics = walk.fetch(metricsLink.get());
                Optional<Resource> input = metrics.object("InputPowerWatts");
                Optional<Double> watts = input.isPresent() ? input.get().number("Reading") : Optional.empty();
                if (watts.isPresent()) {
                    found.add(Reading.powerSupplyInput(supply.name("Name"),
                            Units.watts(watts.get(), input.get(), "Reading"), supply.id()));
                }
                Optional<Resource> output = metrics.object("OutputPowerWatts");
                Optional<Double> out = output.isPresent() ? output.get().number("Reading") : Optional.empty();
                if (out.isPresent()) {
                    found.add(Reading.powerSupplyOutput(supply.name("Name"),
                            Units.watts(out.get(), output.get(), "Reading"), supply.id()));
                }
            }
            Optional<Status> status = supply.status();
            if (status.isPresent()) {
                found.add(ReadingKind.POWER_SUPPLY, new Health(supply.id(), supply.label("Name"), "power_supply",
                        status.get()));
            }
        }
        return found;
    }
}

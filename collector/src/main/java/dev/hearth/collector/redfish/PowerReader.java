package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.net.URI;
import java.util.Optional;

/** The deprecated Power resource (Power.v1_x): PowerControl[] and PowerSupplies[]
 * (input and output watts per supply). */
final class PowerReader {
    private PowerReader() {
    }

    static Findings read(Walk walk, URI url) throws CollectException {
        Resource power = walk.fetch(url);
        Findings found = new Findings();
        for (Resource control : power.objects("PowerControl")) {
            Optional<Double> watts = control.number("PowerConsumedWatts");
            if (watts.isPresent()) {
                found.add(Reading.power(control.name("Name"),
                        Units.watts(watts.get(), control, "PowerConsumedWatts"), control.id()));
            }
            Optional<Status> status = control.status();
            if (status.isPresent()) {
                found.add(ReadingKind.POWER, new Health(control.id(), control.label("Name"), "power_control",
                        status.get()));
            }
        }
        for (Resource supply : power.objects("PowerSupplies")) {
            Optional<Double> input = supply.number("PowerInputWatts");
            if (input.isPresent()) {
                found.add(Reading.powerSupplyInput(supply.name("Name"),
                        Units.watts(input.get(), supply, "PowerInputWatts"), supply.id()));
            }
            // LastPowerOutputWatts since Power.v1_0; PowerOutputWatts, its clearer name, since v1_6
            String outputField = supply.number("PowerOutputWatts").isPresent() ? "PowerOutputWatts"
                    : "LastPowerOutputWatts";
            Optional<Double> output = supply.number(outputField);
            if (output.isPresent()) {
                found.add(Reading.powerSupplyOutput(supply.name("Name"),
                        Units.watts(output.get(), supply, outputField), supply.id()));
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

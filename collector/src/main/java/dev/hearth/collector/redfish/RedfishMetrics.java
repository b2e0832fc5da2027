package dev.hearth.collector.redfish;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;

import java.util.List;

import static dev.hearth.model.MetricType.GAUGE;

/**
 * The metrics a Redfish walk writes. Temperatures, fan speeds in RPM and consumed power are the
 * catalogue's; the four below are new and belong in {@link MetricCatalogue} beside them (the
 * {@code chassis} label is added, as for the others, only when a BMC reports more than one chassis).
 */
public final class RedfishMetrics {
    public static final MetricSpec TEMPERATURE = MetricCatalogue.BMC_TEMPERATURE;
    public static final MetricSpec FAN_SPEED_RPM = MetricCatalogue.BMC_FAN_SPEED;
    public static final MetricSpec POWER_CONSUMED = MetricCatalogue.BMC_POWER;

    /** A fan (or pump) the BMC reports in percent of its full speed, as a ratio: not comparable with RPM. */
    public static final MetricSpec FAN_SPEED_RATIO = new MetricSpec("hearth_bmc_fan_speed_ratio", GAUGE,
            List.of("node", "fan"), "Fan speed as a share of its full speed, read from the BMC (0..1)");
    /** Per power supply; kept apart from consumed power so that summing that per node counts each watt once. */
    public static final MetricSpec POWER_SUPPLY_INPUT = new MetricSpec("hearth_bmc_power_supply_input_watts", GAUGE,
            List.of("node", "power_supply"), "Input power of one power supply, read from the BMC");
    public static final MetricSpec POWER_SUPPLY_OUTPUT = new MetricSpec("hearth_bmc_power_supply_output_watts", GAUGE,
            List.of("node", "power_supply"), "Output power of one power supply, read from the BMC");
    /** 1 for each resource's current Status; {@code health} and {@code state} are empty when not reported. */
    public static final MetricSpec HEALTH = new MetricSpec("hearth_bmc_health", GAUGE,
            List.of("node", "resource", "name", "component", "health", "state"),
            "1 for the Redfish Status (Health, State) each BMC resource reports: chassis, systems, processors"
                    + " and GPUs, fans, power supplies, sensors");

    private RedfishMetrics() {
    }
}

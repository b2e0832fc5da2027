package dev.hearth.collector.redfish;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;


/**
 * The catalogue's metrics a Redfish walk writes, by what they mean to the walk (the {@code chassis}
 * label is added only when a BMC reports more than one chassis).
 */
public final class RedfishMetrics {
    public static final MetricSpec TEMPERATURE = MetricCatalogue.BMC_TEMPERATURE;
    public static final MetricSpec FAN_SPEED_RPM = MetricCatalogue.BMC_FAN_SPEED;
    public static final MetricSpec POWER_CONSUMED = MetricCatalogue.BMC_POWER;

    public static final MetricSpec FAN_SPEED_RATIO = MetricCatalogue.BMC_FAN_SPEED_RATIO;
    /** Per power supply; kept apart from consumed power so that summing that per node counts each watt once. */
    public static final MetricSpec POWER_SUPPLY_INPUT = MetricCatalogue.BMC_POWER_SUPPLY_INPUT;
    public static final MetricSpec POWER_SUPPLY_OUTPUT = MetricCatalogue.BMC_POWER_SUPPLY_OUTPUT;
    /** 1 for each resource's current Status; {@code health} and {@code state} are empty when not reported. */
    public static final MetricSpec HEALTH = MetricCatalogue.BMC_HEALTH;

    private RedfishMetrics() {
    }
}

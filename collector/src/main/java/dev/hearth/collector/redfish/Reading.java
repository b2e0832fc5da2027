package dev.hearth.collector.redfish;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One normalised value read from a chassis, before it becomes a sample.
 *
 * @param labels   the metric's labels, the name label of {@code kind} among them
 * @param resource where it was read (an {@code @odata.id}), to tell apart readings with the same name
 */
record Reading(ReadingKind kind, String metric, Map<String, String> labels, double value, String resource) {
    Reading {
        labels = Map.copyOf(labels);
    }

    static Reading temperature(String sensor, String physicalContext, double celsius, String resource) {
        return new Reading(ReadingKind.TEMPERATURE, RedfishMetrics.TEMPERATURE.name(),
                Map.of("sensor", sensor, "physical_context", physicalContext), celsius, resource);
    }

    static Reading fanRpm(String fan, double rpm, String resource) {
        return new Reading(ReadingKind.FAN, RedfishMetrics.FAN_SPEED_RPM.name(), Map.of("fan", fan), rpm, resource);
    }

    static Reading fanRatio(String fan, double ratio, String resource) {
        return new Reading(ReadingKind.FAN, RedfishMetrics.FAN_SPEED_RATIO.name(), Map.of("fan", fan), ratio, resource);
    }

    static Reading power(String control, double watts, String resource) {
        return new Reading(ReadingKind.POWER, RedfishMetrics.POWER_CONSUMED.name(), Map.of("control", control),
                watts, resource);
    }

    static Reading powerSupplyInput(String supply, double watts, String resource) {
        return new Reading(ReadingKind.POWER_SUPPLY, RedfishMetrics.POWER_SUPPLY_INPUT.name(),
                Map.of("power_supply", supply), watts, resource);
    }

    static Reading powerSupplyOutput(String supply, double watts, String resource) {
        return new Reading(ReadingKind.POWER_SUPPLY, RedfishMetrics.POWER_SUPPLY_OUTPUT.name(),
                Map.of("power_supply", supply), watts, resource);
    }

    String name() {
        return labels.get(kind.nameLabel());
    }

    Reading renamed(String name) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put(kind.nameLabel(), name);
        return new Reading(kind, metric, l, value, resource);
    }
}

package dev.hearth.collector.redfish;

/**
 * The Status of one BMC resource.
 *
 * @param resource  its {@code @odata.id} (or where in a document it sits), unique per BMC
 * @param component what it is: chassis, system, cpu, gpu, processor, fan, power_supply, power_control,
 *                  temperature_sensor, fan_sensor
 */
record Health(String resource, String name, String component, Status status) {
}

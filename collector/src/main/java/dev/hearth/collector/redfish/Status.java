package dev.hearth.collector.redfish;

/**
 * A resource's Redfish {@code Status}: {@code Health} (OK, Warning, Critical) and {@code State} (Enabled,
 * Disabled, Absent, StandbyOffline, ...), each empty when the BMC does not say.
 */
record Status(String health, String state) {
}

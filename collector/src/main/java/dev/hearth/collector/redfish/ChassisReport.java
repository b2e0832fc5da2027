package dev.hearth.collector.redfish;

import java.util.List;

/**
 * What one chassis yielded.
 *
 * @param id   the chassis Id, for the {@code chassis} label when a BMC has several
 * @param note where each kind of reading came from, or why there was none
 */
record ChassisReport(String id, List<Reading> readings, List<Health> health, String note) {
    ChassisReport {
        readings = List.copyOf(readings);
        health = List.copyOf(health);
    }
}

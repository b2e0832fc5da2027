package dev.hearth.collector.redfish;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The chassis resources readings come from. The Thermal and Power resources are deprecated in favour of
 * ThermalSubsystem, PowerSubsystem, EnvironmentMetrics and Sensors; BMCs in the field serve either or
 * both, often the same values twice. Each kind of reading is therefore taken from
 * one resource only, the first in {@link #preference(ReadingKind)} that has it, so nothing is counted
 * twice; the deprecated ones are read only when a newer one does not already give what they would.
 */
enum Origin {
    THERMAL_SUBSYSTEM("ThermalSubsystem", false, EnumSet.of(ReadingKind.TEMPERATURE, ReadingKind.FAN)),
    POWER_SUBSYSTEM("PowerSubsystem", false, EnumSet.of(ReadingKind.POWER_SUPPLY)),
    ENVIRONMENT_METRICS("EnvironmentMetrics", false,
            EnumSet.of(ReadingKind.TEMPERATURE, ReadingKind.FAN, ReadingKind.POWER)),
    SENSORS("Sensors", false, EnumSet.of(ReadingKind.TEMPERATURE, ReadingKind.FAN)),
    THERMAL("Thermal", true, EnumSet.of(ReadingKind.TEMPERATURE, ReadingKind.FAN)),
    POWER("Power", true, EnumSet.of(ReadingKind.POWER, ReadingKind.POWER_SUPPLY));

    private final String link;
    private final boolean deprecated;
    private final Set<ReadingKind> kinds;

    Origin(String link, boolean deprecated, Set<ReadingKind> kinds) {
        this.link = link;
        this.deprecated = deprecated;
        this.kinds = kinds;
    }

    /** The chassis property that links it. */
    String link() {
        return link;
    }

    boolean deprecated() {
        return deprecated;
    }

    Set<ReadingKind> kinds() {
        return kinds;
    }

    /**
     * Where each kind is read from, best first. Temperatures: the Sensors collection is the complete list
     * with physical contexts; ThermalMetrics lists a selection; legacy Thermal still names every sensor,
     * whereas EnvironmentMetrics holds a single chassis temperature, so it comes last. Fans: the Fan
     * resources carry both percent and RPM. Power: EnvironmentMetrics.PowerWatts is the chassis's
     * consumption, as PowerControl was.
     */
    static List<Origin> preference(ReadingKind kind) {
        return switch (kind) {
            case TEMPERATURE -> List.of(SENSORS, THERMAL_SUBSYSTEM, THERMAL, ENVIRONMENT_METRICS);
            case FAN -> List.of(THERMAL_SUBSYSTEM, ENVIRONMENT_METRICS, SENSORS, THERMAL);
            case POWER -> List.of(ENVIRONMENT_METRICS, POWER);
            case POWER_SUPPLY -> List.of(POWER_SUBSYSTEM, POWER);
        };
    }
}

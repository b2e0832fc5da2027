package dev.hearth.collector.ipmi;

/**
 * The unit of a sensor reading, normalised: temperatures are in °C (a Fahrenheit reading is converted
 * when read), fans in RPM or percent of full speed. {@link #NONE} is a sensor without a numeric reading
 * (a discrete or state sensor); {@link #OTHER} a unit Hearth does not store (e.g. CFM, "unspecified").
 */
public enum SensorUnit {
    CELSIUS, RPM, WATTS, VOLTS, AMPERES, PERCENT, NONE, OTHER
}

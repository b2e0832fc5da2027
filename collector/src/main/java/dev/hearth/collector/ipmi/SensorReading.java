package dev.hearth.collector.ipmi;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One sensor of a BMC as one IPMI tool read it.
 *
 * @param id     the sensor's record id or number as the tool prints it ({@code 18}, {@code 04h}); empty where
 *               the tool prints none ({@code ipmitool sensor})
 * @param name   the sensor's name, e.g. {@code Inlet Temp}; names repeat on some BMCs
 * @param type   the IPMI sensor type where the tool prints it ({@code Temperature}, {@code Fan}, …), else empty
 * @param value  the reading in {@code unit}; absent for a sensor without a reading ("N/A", "na", disabled)
 * @param unit   the reading's unit; {@link SensorUnit#CELSIUS} also for a sensor that reported °F
 * @param states what the BMC says about the sensor: its event states (FreeIPMI, e.g. {@code OK},
 *               {@code Fully Redundant}), or its health ({@code ok}, {@code non-critical}, {@code critical},
 *               {@code non-recoverable}) or discrete state texts (ipmitool); empty when it says nothing
 */
public record SensorReading(String id, String name, String type, OptionalDouble value, SensorUnit unit,
                            List<String> states) {
    public SensorReading {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        states = List.copyOf(states);
    }

    static double fahrenheitToCelsius(double fahrenheit) {
        return (fahrenheit - 32) * 5 / 9;
    }
}

package dev.hearth.collector.ipmi;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.hearth.collector.ipmi.IpmiOutputException.quote;

/**
 * Reads {@code ipmitool sdr elist} output ({@code name | id | status | entity | reading}), and the
 * three-column {@code ipmitool sdr list} ({@code name | reading | status}). A reading is a number with
 * its unit ({@code 23 degrees C}, {@code 4920 RPM}) or, for discrete sensors, state texts
 * ({@code Presence detected, Fully Redundant}); {@code No Reading}, {@code Disabled} and status
 * {@code ns} mean no reading.
 */
public final class IpmitoolSdrParser {
    private static final Pattern ANALOG = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s+(.+)");

    /** @throws IpmiOutputException when the output is empty or a line has neither 5 nor 3 columns */
    public List<SensorReading> parse(String output) {
        List<SensorReading> sensors = new ArrayList<>();
        List<String> lines = output.lines().toList();
        int columns = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            // the first line tells elist (5) from list (3); a line cut short in an elist is then caught
            if (columns < 0 && (cells.length == 5 || cells.length == 3)) {
                columns = cells.length;
            }
            if (cells.length != columns) {
                throw new IpmiOutputException("ipmitool sdr line " + (i + 1) + " has " + cells.length
                        + " columns; expected " + (columns == 3 ? "'name | reading | status'"
                        : "'name | id | status | entity | reading'") + " (truncated output?): " + quote(line));
            }
            boolean elist = columns == 5;
            String id = elist ? cells[1].strip() : "";
            String status = cells[2].strip();
            String reading = (elist ? cells[4] : cells[1]).strip();
            sensors.add(reading(id, cells[0].strip(), status, reading));
        }
        if (sensors.isEmpty()) {
            throw new IpmiOutputException("ipmitool sdr output lists no sensor");
        }
        return sensors;
    }

    private static SensorReading reading(String id, String name, String status, String reading) {
        if (status.equalsIgnoreCase("ns")) {
            // "no sensor": disabled or not readable, whatever the reading column says
            return new SensorReading(id, name, "", OptionalDouble.empty(), SensorUnit.NONE, List.of());
        }
        Matcher analog = ANALOG.matcher(reading);
        if (analog.matches()) {
            double value = Double.parseDouble(analog.group(1));
            String units = analog.group(2);
            if (IpmitoolWords.fahrenheit(units)) {
                value = SensorReading.fahrenheitToCelsius(value);
            }
            return new SensorReading(id, name, "", OptionalDouble.of(value), IpmitoolWords.unit(units),
                    IpmitoolWords.health(status).map(List::of).orElse(List.of()));
        }
        return new SensorReading(id, name, "", OptionalDouble.empty(), SensorUnit.NONE, discreteStates(reading));
    }

    private static List<String> discreteStates(String reading) {
        if (reading.isEmpty() || reading.equalsIgnoreCase("No Reading") || reading.equalsIgnoreCase("Disabled")
                || reading.equalsIgnoreCase("Not Readable")) {
            return List.of();
        }
        List<String> states = new ArrayList<>();
        for (String state : reading.split(",")) {
            if (!state.isBlank()) {
                states.add(state.strip());
            }
        }
        return states;
    }
}

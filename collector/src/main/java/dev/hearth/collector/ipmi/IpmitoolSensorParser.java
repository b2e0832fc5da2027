package dev.hearth.collector.ipmi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import static dev.hearth.collector.ipmi.IpmiOutputException.quote;

/**
 * Reads {@code ipmitool sensor} (list) output: ten columns, {@code name | value | units | status} then
 * six thresholds. A value of {@code na} is no reading; a hex value ({@code 0x0}) is a discrete sensor's
 * state bits, not a measurement. The thresholds are not read.
 */
public final class IpmitoolSensorParser {
    private static final int COLUMNS = 10;

    /** @throws IpmiOutputException when the output is empty, a line lacks columns, or a value is not a number */
    public List<SensorReading> parse(String output) {
        List<SensorReading> sensors = new ArrayList<>();
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            if (cells.length != COLUMNS) {
                throw new IpmiOutputException("ipmitool sensor line " + (i + 1) + " has " + cells.length
                        + " columns; expected " + COLUMNS + " (name, value, units, status, 6 thresholds)"
                        + " (truncated output?): " + quote(line));
            }
            String name = cells[0].strip();
            String raw = cells[1].strip();
            String units = cells[2].strip();
            OptionalDouble value = OptionalDouble.empty();
            SensorUnit unit = IpmitoolWords.unit(units);
            if (!raw.equalsIgnoreCase("na") && !raw.toLowerCase(Locale.ROOT).startsWith("0x")) {
                try {
                    double v = Double.parseDouble(raw);
                    value = OptionalDouble.of(IpmitoolWords.fahrenheit(units) ? SensorReading.fahrenheitToCelsius(v) : v);
                } catch (NumberFormatException e) {
                    throw new IpmiOutputException("ipmitool sensor line " + (i + 1) + " (" + name + "): value "
                            + quote(raw) + " is not a number, 'na' nor hex state bits");
                }
            }
            sensors.add(new SensorReading("", name, "", value, unit,
                    IpmitoolWords.health(cells[3]).map(List::of).orElse(List.of())));
        }
        if (sensors.isEmpty()) {
            throw new IpmiOutputException("ipmitool sensor output lists no sensor");
        }
        return sensors;
    }
}

package dev.hearth.collector.ipmi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.hearth.collector.ipmi.IpmiOutputException.quote;

/**
 * Reads FreeIPMI {@code ipmi-sensors} output: the default table ({@code ID | Name | Type | Reading | Units |
 * Event}) or the same with {@code --comma-separated-output}. Columns are found by their header, so
 * extra columns (e.g. thresholds) do no harm. Lines before the header, such as "Caching SDR repository"
 * progress, are skipped.
 */
public final class FreeIpmiSensorsParser {
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    /**
     * @throws IpmiOutputException when there is no header, a row does not have the header's columns, or a
     *                             reading is not a number
     */
    public List<SensorReading> parse(String output) {
        List<String> lines = output.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size() && header < 0; i++) {
            if (isHeader(lines.get(i))) {
                header = i;
            }
        }
        if (header < 0) {
            String first = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("");
            throw new IpmiOutputException("ipmi-sensors output has no header line 'ID | Name | Type | Reading |"
                    + " Units | Event'; it begins with " + quote(first));
        }
        String separator = lines.get(header).contains("|") ? "\\|" : ",";
        List<String> columns = split(lines.get(header), separator);
        int id = columns.indexOf("ID");
        int name = columns.indexOf("Name");
        int type = columns.indexOf("Type");
        int reading = columns.indexOf("Reading");
        int units = columns.indexOf("Units");
        int event = columns.indexOf("Event");
        if (name < 0 || reading < 0 || units < 0) {
            throw new IpmiOutputException("ipmi-sensors header " + quote(lines.get(header))
                    + " lacks a Name, Reading or Units column");
        }
        List<SensorReading> sensors = new ArrayList<>();
        for (int i = header + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line, separator);
            if (cells.size() != columns.size()) {
                throw new IpmiOutputException("ipmi-sensors line " + (i + 1) + " has " + cells.size()
                        + " columns but the header has " + columns.size() + " (truncated output?): " + quote(line));
            }
            String where = "ipmi-sensors line " + (i + 1) + " (" + cells.get(name) + ")";
            sensors.add(reading(cells.get(id), cells.get(name), type < 0 ? "" : cells.get(type),
                    cells.get(reading), cells.get(units), event < 0 ? "N/A" : cells.get(event), where));
        }
        return sensors;
    }

    private static SensorReading reading(String id, String name, String type, String reading, String units,
                                         String event, String where) {
        OptionalDouble value = OptionalDouble.empty();
        if (!reading.equalsIgnoreCase("N/A")) {
            try {
                value = OptionalDouble.of(Double.parseDouble(reading));
            } catch (NumberFormatException e) {
                throw new IpmiOutputException(where + ": reading " + quote(reading) + " is not a number nor N/A");
            }
            if (!Double.isFinite(value.getAsDouble())) {
                throw new IpmiOutputException(where + ": reading " + quote(reading) + " is not a finite number");
            }
        }
        SensorUnit unit = unit(units);
        if (units.equals("F") && value.isPresent()) {
            value = OptionalDouble.of(SensorReading.fahrenheitToCelsius(value.getAsDouble()));
        }
        return new SensorReading(id, name, type, value, unit, states(event));
    }

    private static SensorUnit unit(String units) {
        return switch (units) {
            case "C", "F" -> SensorUnit.CELSIUS;
            case "RPM" -> SensorUnit.RPM;
            case "W" -> SensorUnit.WATTS;
            case "V" -> SensorUnit.VOLTS;
            case "A" -> SensorUnit.AMPERES;
            case "%" -> SensorUnit.PERCENT;
            case "N/A", "" -> SensorUnit.NONE;
            default -> SensorUnit.OTHER;
        };
    }

    /** FreeIPMI quotes each event state: {@code 'Correctable memory error' 'Presence detected'}. */
    private static List<String> states(String event) {
        if (event.equalsIgnoreCase("N/A") || event.isEmpty()) {
            return List.of();
        }
        List<String> states = new ArrayList<>();
        Matcher m = QUOTED.matcher(event);
        while (m.find()) {
            if (!m.group(1).isBlank()) {
                states.add(m.group(1).strip());
            }
        }
        return states.isEmpty() ? List.of(event) : states;
    }

    private static boolean isHeader(String line) {
        List<String> cells = split(line, line.contains("|") ? "\\|" : ",");
        return !cells.isEmpty() && cells.get(0).equals("ID") && cells.contains("Name") && cells.contains("Reading")
                && cells.stream().noneMatch(c -> c.toLowerCase(Locale.ROOT).contains("caching"));
    }

    private static List<String> split(String line, String separator) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.split(separator, -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }
}

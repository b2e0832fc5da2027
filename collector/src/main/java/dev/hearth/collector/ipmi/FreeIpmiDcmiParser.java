package dev.hearth.collector.ipmi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.hearth.collector.ipmi.IpmiOutputException.quote;

/**
 * Reads FreeIPMI {@code ipmi-dcmi --get-system-power-statistics} output ({@code Current Power : 75 Watts},
 * …) and that of {@code --get-enhanced-system-power-statistics}, which repeats the block once per rolling
 * window under a heading {@code Power Statistics for Rolling Average Time Period 5 Minutes}.
 *
 * <p>A BMC without DCMI makes ipmi-dcmi say {@code ipmi_cmd_dcmi_…: command invalid or unsupported}; that is
 * {@link DcmiPower.Unsupported}. Any other {@code ipmi_cmd_…} error is a failure.
 */
public final class FreeIpmiDcmiParser {
    private static final Pattern FIELD = Pattern.compile("\\s*([^:]+?)\\s*:\\s*(.*?)\\s*");
    private static final Pattern HEADING = Pattern.compile(
            "Power Statistics for Rolling Average Time Period (\\d+) (Seconds|Minutes|Hours|Days)");
    private static final Pattern COMMAND_ERROR = Pattern.compile("(ipmi_cmd_dcmi_\\w+): (.*)");
    private static final Pattern WATTS = Pattern.compile("(\\d+(?:\\.\\d+)?) watts", Pattern.CASE_INSENSITIVE);
    private static final Pattern MILLISECONDS = Pattern.compile("(\\d+) milliseconds");
    private static final String CURRENT = "Current Power";
    private static final String MINIMUM = "Minimum Power over sampling duration";
    private static final String MAXIMUM = "Maximum Power over sampling duration";
    private static final String AVERAGE = "Average Power over sampling duration";
    private static final String PERIOD = "Statistics reporting time period";
    private static final String MEASUREMENT = "Power Measurement";
    private static final Set<String> FIELDS = Set.of(CURRENT, MINIMUM, MAXIMUM, AVERAGE, PERIOD, MEASUREMENT,
            "Time Stamp");

    /**
     * @param output what ipmi-dcmi wrote, standard error included (where it reports an unsupported command)
     * @throws IpmiOutputException when a block lacks a field, a power is not in watts, or the output is
     *                             neither readings nor an "unsupported" answer
     */
    public DcmiPower parse(String output) {
        List<PowerStatistics> statistics = new ArrayList<>();
        Optional<Duration> window = Optional.empty();
        Map<String, String> block = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            Matcher error = COMMAND_ERROR.matcher(line.strip());
            if (error.matches()) {
                if (error.group(2).contains("invalid or unsupported")) {
                    return new DcmiPower.Unsupported(line.strip());
                }
                throw new IpmiOutputException("ipmi-dcmi failed: " + quote(line.strip()));
            }
            Matcher heading = HEADING.matcher(line.strip());
            if (heading.matches()) {
                close(block, window, statistics);
                window = Optional.of(window(Long.parseLong(heading.group(1)), heading.group(2)));
                continue;
            }
            Matcher field = FIELD.matcher(line);
            // only the fields of a reading: a tool's "ipmi-dcmi: connection timeout" is not one
            if (field.matches() && FIELDS.contains(field.group(1))) {
                if (field.group(1).equals(CURRENT) && block.containsKey(CURRENT)) {
                    close(block, window, statistics);
                }
                block.put(field.group(1), field.group(2));
            }
        }
        close(block, window, statistics);
        if (statistics.isEmpty()) {
            String first = output.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            throw new IpmiOutputException("ipmi-dcmi output holds no '" + CURRENT + "' reading; it begins with "
                    + quote(first));
        }
        return new DcmiPower.Readings(statistics);
    }

    private static void close(Map<String, String> block, Optional<Duration> window, List<PowerStatistics> into) {
        if (block.isEmpty()) {
            return;
        }
        String where = window.map(w -> "ipmi-dcmi statistics for the " + w + " window").orElse("ipmi-dcmi output");
        into.add(new PowerStatistics(window, watts(block, CURRENT, where), watts(block, MINIMUM, where),
                watts(block, MAXIMUM, where), watts(block, AVERAGE, where), period(block, where),
                required(block, MEASUREMENT, where).equalsIgnoreCase("Active")));
        block.clear();
    }

    private static double watts(Map<String, String> block, String field, String where) {
        String raw = required(block, field, where);
        Matcher m = WATTS.matcher(raw);
        if (!m.matches()) {
            throw new IpmiOutputException(where + ": '" + field + "' is " + quote(raw) + "; expected watts, e.g. '75 Watts'");
        }
        return Double.parseDouble(m.group(1));
    }

    private static Duration period(Map<String, String> block, String where) {
        String raw = required(block, PERIOD, where);
        Matcher m = MILLISECONDS.matcher(raw);
        if (!m.matches()) {
            throw new IpmiOutputException(where + ": '" + PERIOD + "' is " + quote(raw)
                    + "; expected milliseconds, e.g. '300000 milliseconds'");
        }
        return Duration.ofMillis(Long.parseLong(m.group(1)));
    }

    private static String required(Map<String, String> block, String field, String where) {
        String value = block.get(field);
        if (value == null) {
            throw new IpmiOutputException(where + " lacks '" + field + "' (truncated output?)");
        }
        return value;
    }

    private static Duration window(long amount, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "seconds" -> Duration.ofSeconds(amount);
            case "minutes" -> Duration.ofMinutes(amount);
            case "hours" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}

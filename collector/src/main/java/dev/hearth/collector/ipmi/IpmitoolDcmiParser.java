package dev.hearth.collector.ipmi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.hearth.collector.ipmi.IpmiOutputException.quote;

/**
 * Reads {@code ipmitool dcmi power reading} output. Fields are found anywhere in the text rather than
 * line by line, because some ipmitool versions print the timestamp and the sampling period on one line;
 * noise such as {@code IANA PEN registry open failed} is ignored.
 *
 * <p>{@code DCMI request failed because: Invalid command (c1)} (the BMC has no DCMI) and
 * {@code Invalid command: dcmi} (an ipmitool too old for DCMI) are {@link DcmiPower.Unsupported}; another
 * DCMI failure is an error.
 */
public final class IpmitoolDcmiParser {
    private static final Pattern FAILED = Pattern.compile("DCMI request failed because: (.*)");
    private static final Pattern INVALID_COMMAND = Pattern.compile("(?m)^Invalid command: dcmi\\s*$");
    private static final String CURRENT = "Instantaneous power reading";
    private static final String MINIMUM = "Minimum during sampling period";
    private static final String MAXIMUM = "Maximum during sampling period";
    private static final String AVERAGE = "Average power reading over sample period";
    private static final Pattern PERIOD = Pattern.compile("Sampling period:\\s*(\\d+) Seconds");
    private static final Pattern STATE = Pattern.compile("Power reading state is:\\s*(\\w+)");

    /**
     * @param output what ipmitool wrote, standard error included
     * @throws IpmiOutputException when a field is missing or not in watts, or DCMI failed for another reason
     */
    public DcmiPower parse(String output) {
        Matcher failed = FAILED.matcher(output);
        if (failed.find()) {
            String reason = failed.group(1).strip();
            if (reason.contains("(c1)")) {
                return new DcmiPower.Unsupported("the BMC has no DCMI: " + failed.group().strip());
            }
            throw new IpmiOutputException("ipmitool dcmi power reading failed: " + quote(failed.group().strip()));
        }
        if (INVALID_COMMAND.matcher(output).find()) {
            return new DcmiPower.Unsupported("this ipmitool has no dcmi command (Invalid command: dcmi);"
                    + " a newer ipmitool reads DCMI");
        }
        if (!output.contains(CURRENT)) {
            String first = output.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            throw new IpmiOutputException("ipmitool dcmi power reading output has no '" + CURRENT
                    + "'; it begins with " + quote(first.strip()));
        }
        Matcher period = PERIOD.matcher(output);
        Matcher state = STATE.matcher(output);
        if (!state.find()) {
            throw new IpmiOutputException("ipmitool dcmi power reading output lacks 'Power reading state is:'"
                    + " (truncated output?)");
        }
        Duration sampling = period.find() ? Duration.ofSeconds(Long.parseLong(period.group(1))) : Duration.ZERO;
        return new DcmiPower.Readings(List.of(new PowerStatistics(Optional.empty(), watts(output, CURRENT),
                watts(output, MINIMUM), watts(output, MAXIMUM), watts(output, AVERAGE), sampling,
                state.group(1).equalsIgnoreCase("activated"))));
    }

    private static double watts(String output, String field) {
        Matcher m = Pattern.compile(Pattern.quote(field) + ":\\s*(\\S+)\\s*(\\S*)").matcher(output);
        if (!m.find()) {
            throw new IpmiOutputException("ipmitool dcmi power reading output lacks '" + field + "' (truncated output?)");
        }
        if (!m.group(2).equalsIgnoreCase("Watts") || !m.group(1).matches("\\d+(?:\\.\\d+)?")) {
            throw new IpmiOutputException("ipmitool dcmi power reading: '" + field + "' is "
                    + quote(m.group(1) + " " + m.group(2)) + "; expected watts, e.g. '71 Watts'");
        }
        return Double.parseDouble(m.group(1));
    }
}

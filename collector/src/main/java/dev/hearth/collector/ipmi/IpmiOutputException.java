package dev.hearth.collector.ipmi;

/**
 * Output of ipmi-sensors, ipmi-dcmi or ipmitool that does not follow its format: no header, a row with
 * the wrong number of columns (truncated output), a reading that is not a number, a power figure in
 * something other than watts. The message names the line or field and quotes what was there. Unchecked,
 * like the other format errors of the collector; {@link IpmiSource} turns it into a
 * {@link dev.hearth.collector.CollectException} for its target.
 */
public class IpmiOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED = 160;

    public IpmiOutputException(String message) {
        super(message);
    }

    /** {@code text} in quotes, shortened, for a message. */
    static String quote(String text) {
        String shown = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
        return "'" + shown + "'";
    }
}

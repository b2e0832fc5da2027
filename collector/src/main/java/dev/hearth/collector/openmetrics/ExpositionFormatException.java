package dev.hearth.collector.openmetrics;

/**
 * A Prometheus text (0.0.4) or OpenMetrics exposition broke its format. The message names the line
 * number, the rule that was broken and the offending line, so that whoever owns the endpoint can fix it.
 * Problems of the exposition as a whole (its content type, size or encoding) carry line number 0.
 */
public class ExpositionFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED_LINE = 160;

    private final int lineNumber;

    public ExpositionFormatException(int lineNumber, String problem, String line) {
        super("line " + lineNumber + ": " + problem + " in: " + quote(line));
        this.lineNumber = lineNumber;
    }

    /** A problem of the whole exposition rather than of one of its lines. */
    public ExpositionFormatException(String problem) {
        super(problem);
        this.lineNumber = 0;
    }

    /** 1-based number of the offending line; 0 when the problem is the exposition as a whole. */
    public int lineNumber() {
        return lineNumber;
    }

    /**
     * The line as it reads in a log: cut to a readable length, control characters shown as escapes so
     * that a stray NUL or carriage return is visible rather than silently garbling the message.
     */
    private static String quote(String line) {
        int end = Math.min(line.length(), MAX_QUOTED_LINE);
        if (end < line.length() && Character.isHighSurrogate(line.charAt(end - 1))) {
            end--; // never cut a character in half
        }
        StringBuilder shown = new StringBuilder(end + 8).append('\'');
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                shown.append("\\t");
            } else if (c == '\r') {
                shown.append("\\r");
            } else if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        if (end < line.length()) {
            shown.append('…');
        }
        return shown.append('\'').toString();
    }
}

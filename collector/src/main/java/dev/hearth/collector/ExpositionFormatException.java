package dev.hearth.collector;

/**
 * A Prometheus / OpenMetrics text exposition broke the format. The message names the line number,
 * what was expected and the offending line, so that whoever owns the endpoint can fix it.
 */
public class ExpositionFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED_LINE = 160;

    private final int lineNumber;

    public ExpositionFormatException(int lineNumber, String problem, String line) {
        super("line " + lineNumber + ": " + problem + " in: " + quote(line));
        this.lineNumber = lineNumber;
    }

    /** 1-based number of the offending line. */
    public int lineNumber() {
        return lineNumber;
    }

    private static String quote(String line) {
        String shown = line.length() > MAX_QUOTED_LINE ? line.substring(0, MAX_QUOTED_LINE) + "…" : line;
        return "'" + shown + "'";
    }
}

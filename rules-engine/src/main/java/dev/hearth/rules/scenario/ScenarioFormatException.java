package dev.hearth.rules.scenario;

/** A scenario file that cannot be read; the message names the file, the line and what to fix. */
public final class ScenarioFormatException extends RuntimeException {
    private final String source;
    private final int line;

    public ScenarioFormatException(String source, int line, String problem) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    /** The line in the file, or 0 when unknown. */
    public int line() {
        return line;
    }
}

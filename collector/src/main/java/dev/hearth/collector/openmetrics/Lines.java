package dev.hearth.collector.openmetrics;

/**
 * Walks an exposition line by line (split at line feeds), refusing any line longer than the limit
 * before it is copied out of the text.
 */
final class Lines {
    private final String text;
    private final int maxLineLength;
    private int next;
    private int number;
    private String line;

    Lines(String text, int maxLineLength) {
        this.text = text;
        this.maxLineLength = maxLineLength;
    }

    /** Moves to the next line; false at the end of the text (a final line feed ends the last line). */
    boolean advance() {
        if (next >= text.length()) {
            return false;
        }
        int end = text.indexOf('\n', next);
        if (end < 0) {
            end = text.length();
        }
        number++;
        if (end - next > maxLineLength) {
            throw new ExpositionFormatException(number, "line is " + (end - next) + " characters long, more than the "
                    + maxLineLength + " a line may have", text.substring(next, Math.min(end, next + 200)));
        }
        line = text.substring(next, end);
        next = end + 1;
        return true;
    }

    /** Whether anything, even an empty line, follows the current line. */
    boolean hasMore() {
        return next < text.length();
    }

    /** The current line, without its line feed. */
    String line() {
        return line == null ? "" : line;
    }

    /** 1-based number of the current line; 0 before the first. */
    int number() {
        return number;
    }

    LineCursor cursor() {
        return new LineCursor(line, number);
    }
}

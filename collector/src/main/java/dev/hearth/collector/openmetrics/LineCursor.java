package dev.hearth.collector.openmetrics;

/**
 * A position in one line and the lexical pieces both formats share: metric and label names, quoted
 * label values, space-separated tokens. Every error it raises names the line.
 */
final class LineCursor {
    private final String line;
    private final int number;
    private int pos;

    LineCursor(String line, int number) {
        this.line = line;
        this.number = number;
    }

    String line() {
        return line;
    }

    int number() {
        return number;
    }

    boolean atEnd() {
        return pos >= line.length();
    }

    boolean peekIs(char c) {
        return pos < line.length() && line.charAt(pos) == c;
    }

    boolean atBlank() {
        return peekIs(' ') || peekIs('\t');
    }

    /** The character at the cursor, for error messages; call only when not at the end. */
    char peek() {
        return line.charAt(pos);
    }

    /** Moves past {@code c} if it is next. */
    boolean consume(char c) {
        if (peekIs(c)) {
            pos++;
            return true;
        }
        return false;
    }

    /** Moves past {@code c}, or fails with "expected {@code what}". */
    void expect(char c, String what) {
        if (!consume(c)) {
            throw error("expected " + what + (atEnd() ? " but the line ends" : " but found '" + peek() + "'"));
        }
    }

    /** Moves past {@code text} if the line continues with it. */
    boolean consume(String text) {
        if (line.startsWith(text, pos)) {
            pos += text.length();
            return true;
        }
        return false;
    }

    void skipBlanks() {
        while (atBlank()) {
            pos++;
        }
    }

    /** Everything from the cursor to the end of the line. */
    String rest() {
        String rest = line.substring(pos);
        pos = line.length();
        return rest;
    }

    /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, or "" when no metric name starts here. */
    String readMetricName() {
        int start = pos;
        if (atEnd() || !isMetricNameStart(line.charAt(pos))) {
            return "";
        }
        while (pos < line.length() && (isMetricNameStart(line.charAt(pos)) || isDigit(line.charAt(pos)))) {
            pos++;
        }
        return line.substring(start, pos);
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*}, or "" when no label name starts here. */
    String readLabelName() {
        int start = pos;
        if (atEnd() || !isLabelNameStart(line.charAt(pos))) {
            return "";
        }
        while (pos < line.length() && (isLabelNameStart(line.charAt(pos)) || isDigit(line.charAt(pos)))) {
            pos++;
        }
        return line.substring(start, pos);
    }

    /** Characters up to the next space (and, when {@code tabToo}, tab) or the end of the line. */
    String readToken(boolean tabToo) {
        int start = pos;
        while (pos < line.length() && line.charAt(pos) != ' ' && !(tabToo && line.charAt(pos) == '\t')) {
            pos++;
        }
        return line.substring(start, pos);
    }

    /**
     * A label value after its opening quote, up to and past the closing quote. {@code \\}, {@code \"} and
     * {@code \n} are unescaped; any other backslash pair is kept as written, which is what OpenMetrics'
     * grammar allows and what Prometheus itself does with 0.0.4 text.
     */
    String readLabelValue(String labelName) {
        StringBuilder value = new StringBuilder();
        while (pos < line.length()) {
            char c = line.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (pos >= line.length()) {
                break;
            }
            char escaped = line.charAt(pos++);
            switch (escaped) {
                case '\\' -> value.append('\\');
                case '"' -> value.append('"');
                case 'n' -> value.append('\n');
                default -> value.append('\\').append(escaped);
            }
        }
        throw error("value of label " + labelName + " is not terminated by '\"' (a label value ends on its own line;"
                + " write a line break as \\n)");
    }

    ExpositionFormatException error(String problem) {
        return new ExpositionFormatException(number, problem, line);
    }

    /**
     * Unescapes {@code # HELP} text: {@code \\} and {@code \n}, and in OpenMetrics also {@code \"}; any
     * other backslash stays as written.
     */
    static String unescapeHelp(String text, boolean quoteIsEscaped) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder help = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char escaped = text.charAt(i + 1);
                if (escaped == '\\' || escaped == 'n' || quoteIsEscaped && escaped == '"') {
                    help.append(escaped == 'n' ? '\n' : escaped);
                    i++;
                    continue;
                }
            }
            help.append(c);
        }
        return help.toString();
    }

    private static boolean isMetricNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    private static boolean isLabelNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

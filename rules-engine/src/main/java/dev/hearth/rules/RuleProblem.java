package dev.hearth.rules;

/**
 * One thing wrong with a rule pack: the file (as named in the pack), the line (0 when the problem is
 * the file as a whole) and what to do about it.
 */
public record RuleProblem(String file, int line, String message) {

    public static RuleProblem ofFile(String file, String message) {
        return new RuleProblem(file, 0, message);
    }

    /** {@code file:line: message}, as compilers print it, so editors can jump to the line. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}

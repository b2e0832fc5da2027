package dev.hearth.rules;

/** A rule file that does not compile; the message names the file, the line and Drools' reason. */
public final class RuleCompilationException extends RuntimeException {
    public RuleCompilationException(String message) {
        super(message);
    }
}

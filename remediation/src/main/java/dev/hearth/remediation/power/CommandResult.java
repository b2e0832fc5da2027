package dev.hearth.remediation.power;

/**
 * How a finished (or abandoned) command ended.
 *
 * @param output   standard output and error together, as the command wrote them
 * @param timedOut the command was killed at its timeout; {@code exitCode} is then meaningless
 */
public record CommandResult(int exitCode, String output, boolean timedOut) {
    public CommandResult {
        output = output == null ? "" : output;
    }

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}

package dev.hearth.remediation.power;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Stands in for the process runner so that no test touches this machine's GPUs: it records each command and
 * answers from a script, or fails to start as a machine without nvidia-smi would.
 */
final class ScriptedCommandRunnerDouble implements CommandRunner {
    private final Function<List<String>, CommandResult> script;
    private final boolean programMissing;
    private final List<List<String>> commands = new ArrayList<>();

    private ScriptedCommandRunnerDouble(Function<List<String>, CommandResult> script, boolean programMissing) {
        this.script = script;
        this.programMissing = programMissing;
    }

    static ScriptedCommandRunnerDouble answering(Function<List<String>, CommandResult> script) {
        return new ScriptedCommandRunnerDouble(script, false);
    }

    static ScriptedCommandRunnerDouble succeeding() {
        return answering(command -> new CommandResult(0, "All done.", false));
    }

    static ScriptedCommandRunnerDouble withoutNvidiaSmi() {
        return new ScriptedCommandRunnerDouble(command -> null, true);
    }

    @Override
    public synchronized CommandResult run(List<String> command, Duration timeout) throws IOException {
        commands.add(List.copyOf(command));
        if (programMissing) {
            throw new IOException("Cannot run program \"" + command.get(0) + "\": error=2, No such file or directory");
        }
        return script.apply(command);
    }

    synchronized List<List<String>> commands() {
        return List.copyOf(commands);
    }
}

package dev.hearth.collector.gpu;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Test double of {@link CommandRunner}: answers each program with what the test set up (output, a missing
 * program, a timeout, an I/O failure) and records the commands it was asked to run.
 */
final class CommandRunnerDouble implements CommandRunner {
    private final Map<String, Answer> answers = new HashMap<>();
    final List<List<String>> ran = new ArrayList<>();

    private sealed interface Answer {
    }

    private record Output(CommandOutput output) implements Answer {
    }

    private record Failure(String kind, String message) implements Answer {
    }

    CommandRunnerDouble answering(String program, int exitCode, String stdout, String stderr) {
        answers.put(program, new Output(new CommandOutput(exitCode, stdout, stderr)));
        return this;
    }

    CommandRunnerDouble missing(String program) {
        answers.put(program, new Failure("missing", program));
        return this;
    }

    CommandRunnerDouble timingOut(String program) {
        answers.put(program, new Failure("timeout", program + " did not finish; it was killed"));
        return this;
    }

    CommandRunnerDouble failing(String program, String message) {
        answers.put(program, new Failure("io", message));
        return this;
    }

    @Override
    public CommandOutput run(List<String> command, Duration timeout) throws IOException, TimeoutException {
        ran.add(List.copyOf(command));
        Answer answer = answers.get(command.get(0));
        if (answer == null) {
            throw new AssertionError("test double: no answer set up for " + command);
        }
        if (answer instanceof Output output) {
            return output.output();
        }
        Failure failure = (Failure) answer;
        switch (failure.kind()) {
            case "missing" -> throw new NoSuchFileException(failure.message(), null, "not found on PATH (test double)");
            case "timeout" -> throw new TimeoutException(failure.message());
            default -> throw new IOException(failure.message());
        }
    }
}

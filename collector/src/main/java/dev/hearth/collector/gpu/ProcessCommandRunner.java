package dev.hearth.collector.gpu;

import dev.hearth.collector.process.ProcessOutput;
import dev.hearth.collector.process.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code nvidia-smi} (or any command) as a child process through {@link ProcessRunner}: killed
 * past its timeout or past {@code maxOutputBytes} of output, so a hung or runaway tool cannot hold a
 * collection or fill the heap.
 */
public final class ProcessCommandRunner implements CommandRunner {
    private final ProcessRunner processes;

    public ProcessCommandRunner(long maxOutputBytes) {
        this.processes = new ProcessRunner(maxOutputBytes);
    }

    @Override
    public CommandOutput run(List<String> command, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        ProcessOutput o = processes.run(command, Map.of(), timeout);
        return new CommandOutput(o.exitCode(), o.stdout(), o.stderr());
    }
}

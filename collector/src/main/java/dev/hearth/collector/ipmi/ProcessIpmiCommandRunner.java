package dev.hearth.collector.ipmi;

import dev.hearth.collector.process.ProcessOutput;
import dev.hearth.collector.process.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Runs IPMI tools as child processes through {@link ProcessRunner} (no shell, so no argument is ever
 * interpreted): one past its timeout or past {@code maxOutputBytes} of output is killed with its
 * children, so a hanging BMC session cannot hold a collection. The environment it is given (the
 * password) is passed to the child only and never logged.
 */
public final class ProcessIpmiCommandRunner implements IpmiCommandRunner {
    private final ProcessRunner processes;

    public ProcessIpmiCommandRunner(long maxOutputBytes) {
        this.processes = new ProcessRunner(maxOutputBytes);
    }

    @Override
    public IpmiCommandOutput run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        ProcessOutput o = processes.run(command, environment, timeout);
        return new IpmiCommandOutput(o.exitCode(), o.stdout(), o.stderr());
    }
}

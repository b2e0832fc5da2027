package dev.hearth.remediation.power;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Runs a program on this machine; {@link ProcessCommandRunner} in production. */
public interface CommandRunner {

    /**
     * @throws IOException when the program cannot be started at all (not installed, not executable)
     */
    CommandResult run(List<String> command, Duration timeout) throws IOException, InterruptedException;
}

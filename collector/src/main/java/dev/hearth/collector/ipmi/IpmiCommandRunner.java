package dev.hearth.collector.ipmi;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * How the IPMI source runs ipmitool or FreeIPMI. Owned here, where it is used, so that tests hand the
 * source a double that answers with captured output or fails on purpose. Unlike the GPU source's runner
 * it passes environment variables: that is how ipmitool receives the password ({@code -E}).
 */
@FunctionalInterface
public interface IpmiCommandRunner {

    /**
     * Runs {@code command} (program and arguments, no shell) with {@code environment} added to the
     * collector's own, to completion or until {@code timeout}. Implementations must not log the
     * environment: it holds the BMC password.
     *
     * @return the exit status and output, also when the status is not 0
     * @throws NoSuchFileException when the program is not installed
     * @throws TimeoutException    when it ran past {@code timeout}; it has been killed
     * @throws IOException         when it could not be started or wrote more output than allowed
     */
    IpmiCommandOutput run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, TimeoutException, InterruptedException;
}

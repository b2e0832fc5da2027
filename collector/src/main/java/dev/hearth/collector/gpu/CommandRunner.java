package dev.hearth.collector.gpu;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * How the GPU source runs nvidia-smi (and, for Xid events, a kernel log reader). Owned here, where it is
 * used, so that tests hand the source a double that answers with fixture text or fails on purpose.
 */
@FunctionalInterface
public interface CommandRunner {

    /**
     * Runs {@code command} (program and arguments, no shell) to completion or until {@code timeout}.
     *
     * @return the exit status and output, also when the status is not 0
     * @throws NoSuchFileException when the program is not installed; the caller may read that as "no GPU"
     * @throws TimeoutException    when it ran past {@code timeout}; it has been killed
     * @throws IOException         when it could not be started or wrote more output than allowed
     */
    CommandOutput run(List<String> command, Duration timeout)
            throws IOException, TimeoutException, InterruptedException;
}

package dev.hearth.collector.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs commands as child processes (no shell): a command past its timeout is killed, with its children,
 * and so is one that writes more than {@code maxOutputBytes} to either stream, so that a hung or runaway
 * tool cannot hold a collection or fill the heap.
 */
public final class ProcessRunner {
    /** Grace for the output readers to reach end of stream after the process has exited. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final long maxOutputBytes;

    public ProcessRunner(long maxOutputBytes) {
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes is " + maxOutputBytes + "; it must be positive,"
                    + " e.g. 16777216 (16 MiB)");
        }
        this.maxOutputBytes = maxOutputBytes;
    }

    /**
     * Runs {@code command} with {@code environment} added to the child's (a password, say: passed to
     * the child only, never logged) and waits for it.
     *
     * @throws NoSuchFileException when the program is not installed
     * @throws TimeoutException    when it ran past {@code timeout}; it has been killed, with its children
     * @throws IOException         when it could not be started or wrote more output than allowed
     */
    public ProcessOutput run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty; expected a program and its arguments");
        }
        String program = command.get(0);
        requireInstalled(program);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            // the PATH check above can race with an uninstall; the JDK reports ENOENT only in its message
            if (String.valueOf(e.getMessage()).contains("error=2,")) {
                throw new NoSuchFileException(program, null, "not installed");
            }
            throw e;
        }
        process.getOutputStream().close();
        Drain out = new Drain(process.getInputStream(), process);
        Drain err = new Drain(process.getErrorStream(), process);
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                // the program only: an IPMI command line carries the BMC's host and user
                throw new TimeoutException(program + " did not finish within " + timeout + "; it was killed");
            }
            out.join(DRAIN);
            err.join(DRAIN);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        } finally {
            // a grandchild that inherited the streams could keep them open; it goes too
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        if (out.overflowed || err.overflowed) {
            throw new IOException(program + " wrote more than " + maxOutputBytes
                    + " bytes to " + (out.overflowed ? "standard output" : "standard error") + "; it was stopped");
        }
        return new ProcessOutput(process.exitValue(), out.text(), err.text());
    }

    private static void requireInstalled(String program) throws NoSuchFileException {
        if (program.contains(File.separator)) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new NoSuchFileException(program, null, "not an executable file");
            }
            return;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                    return;
                }
            }
        }
        throw new NoSuchFileException(program, null, "not found on PATH " + path);
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads one stream on its own thread (a full pipe would block the child), keeping at most the cap. */
    private final class Drain {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;
        private volatile boolean overflowed;

        Drain(InputStream in, Process process) {
            thread = new Thread(() -> read(in, process), "command-output");
            thread.setDaemon(true);
            thread.start();
        }

        private void read(InputStream in, Process process) {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (kept) {
                        if (kept.size() + n > maxOutputBytes) {
                            overflowed = true;
                            process.destroyForcibly();
                            return;
                        }
                        kept.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the stream closes under us when the process is killed; what was read is kept
            }
        }

        void join(Duration grace) throws InterruptedException {
            thread.join(grace.toMillis());
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}

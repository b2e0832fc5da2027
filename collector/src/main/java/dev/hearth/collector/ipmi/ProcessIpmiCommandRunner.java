package dev.hearth.collector.ipmi;

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
 * Runs IPMI tools as child processes (no shell, so no argument is ever interpreted): one past its timeout
 * is killed with its children, and so is one writing more than {@code maxOutputBytes}, so that a hanging
 * BMC session cannot hold a collection. The environment it is given (the password) is passed to the child
 * only and never logged.
 */
public final class ProcessIpmiCommandRunner implements IpmiCommandRunner {
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final long maxOutputBytes;

    public ProcessIpmiCommandRunner(long maxOutputBytes) {
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes is " + maxOutputBytes + "; it must be positive,"
                    + " e.g. 1048576 (1 MiB)");
        }
        this.maxOutputBytes = maxOutputBytes;
    }

    @Override
    public IpmiCommandOutput run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty; expected a program and its arguments");
        }
        requireInstalled(command.get(0));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // the JDK reports a missing program (ENOENT) only in its message
            if (String.valueOf(e.getMessage()).contains("error=2,")) {
                throw new NoSuchFileException(command.get(0), null, "not installed");
            }
            throw e;
        }
        process.getOutputStream().close();
        Drain out = new Drain(process.getInputStream(), process);
        Drain err = new Drain(process.getErrorStream(), process);
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new TimeoutException(command.get(0) + " did not finish within " + timeout + "; it was killed");
            }
            out.thread.join(DRAIN.toMillis());
            err.thread.join(DRAIN.toMillis());
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        if (out.overflowed || err.overflowed) {
            throw new IOException(command.get(0) + " wrote more than " + maxOutputBytes + " bytes; it was stopped");
        }
        return new IpmiCommandOutput(process.exitValue(), out.text(), err.text());
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
            thread = new Thread(() -> read(in, process), "ipmi-output");
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

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}

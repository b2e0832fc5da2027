package dev.hearth.remediation.power;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts the program as a child process and waits for it at most the given time, killing it after that. */
public final class ProcessCommandRunner implements CommandRunner {
    /** Output beyond this is dropped: the caller wants a verdict, not a log. */
    static final int MAX_OUTPUT_BYTES = 64 * 1024;

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // read while the program runs, so that a full pipe cannot stall it
        CompletableFuture<String> output = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(process.getInputStream(), output), "output of " + command.get(0));
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(1, TimeUnit.SECONDS);
            // killing the program closes its pipe under the reader; whatever it had read is all there is
            return new CommandResult(-1, output.exceptionally(e -> "").getNow(""), true);
        }
        try {
            return new CommandResult(process.exitValue(), output.get(1, TimeUnit.SECONDS), false);
        } catch (ExecutionException | TimeoutException e) {
            // a grandchild can hold the pipe open after the program exits; the exit code is what counts
            return new CommandResult(process.exitValue(), "", false);
        }
    }

    private static void read(InputStream in, CompletableFuture<String> into) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT_BYTES);
            in.transferTo(OutputStream.nullOutputStream());
            into.complete(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            into.completeExceptionally(e);
        }
    }
}

package dev.hearth.collector.gpu;

import java.util.Objects;

/** What a finished command left: its exit status and everything it wrote, decoded as UTF-8. */
public record CommandOutput(int exitCode, String stdout, String stderr) {
    public CommandOutput {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }
}

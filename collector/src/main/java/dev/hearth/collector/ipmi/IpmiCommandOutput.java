package dev.hearth.collector.ipmi;

import java.util.Objects;

/** What a finished IPMI tool left: its exit status and everything it wrote, decoded as UTF-8. */
public record IpmiCommandOutput(int exitCode, String stdout, String stderr) {
    public IpmiCommandOutput {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }
}

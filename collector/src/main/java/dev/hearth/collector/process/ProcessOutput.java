package dev.hearth.collector.process;

/** What a finished child process left: its exit code and its two output streams as UTF-8 text. */
public record ProcessOutput(int exitCode, String stdout, String stderr) {
}

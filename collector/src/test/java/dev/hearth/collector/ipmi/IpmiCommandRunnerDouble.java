package dev.hearth.collector.ipmi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Test double of {@link IpmiCommandRunner}: answers a command by the first argument that names what it
 * does ({@code sdr}, {@code dcmi}, {@code ipmi-sensors}, {@code ipmi-dcmi}) with captured output or a failure,
 * and records each call, including what a FreeIPMI configuration file held while the command ran.
 */
final class IpmiCommandRunnerDouble implements IpmiCommandRunner {
    record Call(List<String> command, Map<String, String> environment, String configFile, String configPermissions) {
    }

    private final Map<String, Object> answers = new HashMap<>();
    final List<Call> calls = new ArrayList<>();

    IpmiCommandRunnerDouble answering(String what, int exitCode, String stdout, String stderr) {
        answers.put(what, new IpmiCommandOutput(exitCode, stdout, stderr));
        return this;
    }

    IpmiCommandRunnerDouble missing(String what) {
        answers.put(what, "missing");
        return this;
    }

    IpmiCommandRunnerDouble timingOut(String what) {
        answers.put(what, "timeout");
        return this;
    }

    @Override
    public IpmiCommandOutput run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, TimeoutException {
        String config = "";
        String permissions = "";
        for (String argument : command) {
            if (argument.startsWith("--config-file=")) {
                Path file = Path.of(argument.substring("--config-file=".length()));
                config = read(file);
                permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
            }
        }
        calls.add(new Call(List.copyOf(command), Map.copyOf(environment), config, permissions));
        Object answer = answers.get(what(command));
        if (answer == null) {
            throw new AssertionError("test double: no answer set up for " + command);
        }
        if (answer.equals("missing")) {
            throw new NoSuchFileException(command.get(0), null, "not found on PATH (test double)");
        }
        if (answer.equals("timeout")) {
            throw new TimeoutException(command.get(0) + " did not finish (test double)");
        }
        return (IpmiCommandOutput) answer;
    }

    private static String what(List<String> command) {
        if (command.get(0).equals("ipmitool")) {
            return command.contains("sdr") ? "sdr" : "dcmi";
        }
        return command.get(0);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

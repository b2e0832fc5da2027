package dev.hearth.collector.ipmi;

import dev.hearth.collector.CollectException;
import dev.hearth.collector.Source;
import dev.hearth.model.Sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a node's BMC over IPMI-over-LAN (kind {@code "bmc"}) with FreeIPMI or ipmitool: the sensors
 * ({@code ipmi-sensors} / {@code ipmitool sdr elist}) and the DCMI power reading
 * ({@code ipmi-dcmi --get-system-power-statistics} / {@code ipmitool dcmi power reading}).
 *
 * <p>The password never appears on a command line, where any user of the collector host could read it
 * in the process list: ipmitool gets it from {@code IPMI_PASSWORD} ({@code -E}); FreeIPMI, which reads no
 * variable, from a configuration file only the collector's user can read, deleted as soon as the tools
 * have run.
 *
 * <p>{@code timeout} bounds the whole read, both commands together; a tool still running at the deadline
 * is killed. A BMC without DCMI is normal and only means no DCMI samples. Anything else that goes wrong
 * (the tool missing, a non-zero exit, output that does not parse, the deadline) is a
 * {@link CollectException} for this target naming the command and the reason, and no sample is returned:
 * nothing half-read reaches the store. Other targets have their own sources and are not affected.
 */
public final class IpmiSource implements Source {
    /** The variable ipmitool's {@code -E} reads the password from. */
    static final String PASSWORD_VARIABLE = "IPMI_PASSWORD";
    /** What FreeIPMI's configuration file syntax can carry as a bare value. */
    private static final Pattern FREEIPMI_PASSWORD = Pattern.compile("[\\x21-\\x7E&&[^#\"'\\\\]]*");
    private static final int MAX_QUOTED = 300;

    private final String node;
    private final IpmiTarget target;
    private final IpmiToolset toolset;
    private final IpmiCommandRunner runner;
    private final Duration timeout;
    private final IpmiSamples samples = new IpmiSamples();

    public IpmiSource(String node, IpmiTarget target, IpmiToolset toolset, IpmiCommandRunner runner,
                      Duration timeout) {
        this.node = Objects.requireNonNull(node, "node");
        this.target = Objects.requireNonNull(target, "target");
        this.toolset = Objects.requireNonNull(toolset, "toolset");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("IPMI timeout " + timeout + " for " + target.host()
                    + " must be positive, e.g. PT15S");
        }
        if (toolset == IpmiToolset.FREEIPMI && !FREEIPMI_PASSWORD.matcher(target.password()).matches()) {
            throw new IllegalArgumentException("the IPMI password for " + target.user() + "@" + target.host()
                    + " holds a space, '#', a quote or a backslash, which FreeIPMI's configuration file cannot"
                    + " carry; use IpmiToolset.IPMITOOL for this BMC or change the password");
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String kind() {
        return "bmc";
    }

    @Override
    public List<Sample> collect(Instant at) throws CollectException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return toolset == IpmiToolset.IPMITOOL ? withIpmitool(at, deadline) : withFreeIpmi(at, deadline);
    }

    private List<Sample> withIpmitool(Instant at, long deadline) throws CollectException {
        List<String> base = List.of("ipmitool", "-I", target.lanInterface().ipmitool, "-H", target.host(),
                "-U", target.user(), "-E");
        Map<String, String> environment = Map.of(PASSWORD_VARIABLE, target.password());
        List<String> sdr = with(base, "sdr", "elist");
        List<SensorReading> readings = sensors(sdr, run(sdr, environment, deadline), new IpmitoolSdrParser()::parse);
        List<String> dcmi = with(base, "dcmi", "power", "reading");
        DcmiPower power = power(dcmi, run(dcmi, environment, deadline), new IpmitoolDcmiParser()::parse);
        return samples.samples(node, at, readings, power);
    }

    private List<Sample> withFreeIpmi(Instant at, long deadline) throws CollectException {
        Path config = passwordFile();
        try {
            List<String> sensorsCommand = freeIpmi("ipmi-sensors", config, "--quiet-cache");
            List<SensorReading> readings = sensors(sensorsCommand, run(sensorsCommand, Map.of(), deadline),
                    new FreeIpmiSensorsParser()::parse);
            List<String> dcmiCommand = freeIpmi("ipmi-dcmi", config, "--get-system-power-statistics");
            DcmiPower power = power(dcmiCommand, run(dcmiCommand, Map.of(), deadline), new FreeIpmiDcmiParser()::parse);
            return samples.samples(node, at, readings, power);
        } finally {
            try {
                Files.deleteIfExists(config);
            } catch (IOException e) {
                // nothing more can be done here; the file is owner-only and in the temporary folder
            }
        }
    }

    private List<SensorReading> sensors(List<String> command, IpmiCommandOutput output,
                                        Function<String, List<SensorReading>> parser) throws CollectException {
        if (output.exitCode() != 0) {
            throw new CollectException(describe(command) + " exited with status " + output.exitCode() + ": "
                    + quote(said(output)));
        }
        try {
            return parser.apply(output.stdout());
        } catch (IpmiOutputException e) {
            throw new CollectException(describe(command) + " wrote unusable output: " + e.getMessage(), e);
        }
    }

    /** DCMI errors come on standard error, and a tool exits non-zero for "unsupported" too: both are read. */
    private DcmiPower power(List<String> command, IpmiCommandOutput output, Function<String, DcmiPower> parser)
            throws CollectException {
        DcmiPower power;
        try {
            power = parser.apply(output.stdout() + "\n" + output.stderr());
        } catch (IpmiOutputException e) {
            String status = output.exitCode() == 0 ? "" : " (exit status " + output.exitCode() + ")";
            throw new CollectException(describe(command) + status + ": " + e.getMessage(), e);
        }
        if (output.exitCode() != 0 && power instanceof DcmiPower.Readings) {
            throw new CollectException(describe(command) + " exited with status " + output.exitCode() + ": "
                    + quote(said(output)));
        }
        return power;
    }

    private IpmiCommandOutput run(List<String> command, Map<String, String> environment, long deadline)
            throws CollectException {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            throw new CollectException("reading BMC " + target.host() + " of " + node + " did not finish within "
                    + timeout + "; stopped before " + describe(command));
        }
        try {
            return runner.run(command, environment, left);
        } catch (NoSuchFileException e) {
            throw new CollectException(describe(command) + " failed: " + command.get(0) + " is not installed on the"
                    + " collector host; install " + (toolset == IpmiToolset.IPMITOOL ? "ipmitool" : "freeipmi-tools")
                    + " or choose the other toolset", e);
        } catch (TimeoutException e) {
            throw new CollectException(describe(command) + " did not finish within " + left
                    + " (BMC slow or unreachable); it was killed", e);
        } catch (IOException e) {
            throw new CollectException(describe(command) + " could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectException(describe(command) + " was interrupted", e);
        }
    }

    /** An owner-only FreeIPMI configuration file holding the password. */
    private Path passwordFile() throws CollectException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            Path file = Files.createTempFile("hearth-freeipmi-", ".conf", PosixFilePermissions.asFileAttribute(ownerOnly));
            try {
                Files.writeString(file, target.password().isEmpty() ? "" : "password " + target.password() + "\n");
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return file;
        } catch (IOException | UnsupportedOperationException e) {
            throw new CollectException("cannot write an owner-only FreeIPMI configuration file for " + target.host()
                    + " in " + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    private List<String> freeIpmi(String program, Path config, String option) {
        return List.of(program, "--hostname=" + target.host(), "--username=" + target.user(),
                "--driver-type=" + target.lanInterface().freeIpmi, "--config-file=" + config, option);
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of(more));
        return List.copyOf(command);
    }

    private String describe(List<String> command) {
        return String.join(" ", command) + " (node " + node + ")";
    }

    private static String said(IpmiCommandOutput output) {
        String err = output.stderr().strip();
        return err.isEmpty() ? output.stdout().strip() : err;
    }

    private static String quote(String text) {
        String shown = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
        return "'" + shown + "'";
    }

    @Override
    public String toString() {
        return "IpmiSource[" + node + " " + target + " " + toolset + "]";
    }
}

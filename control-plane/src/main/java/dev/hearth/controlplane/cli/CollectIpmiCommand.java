package dev.hearth.controlplane.cli;

import dev.hearth.collector.CollectException;
import dev.hearth.collector.ipmi.DcmiPower;
import dev.hearth.collector.ipmi.FreeIpmiDcmiParser;
import dev.hearth.collector.ipmi.FreeIpmiSensorsParser;
import dev.hearth.collector.ipmi.IpmiSamples;
import dev.hearth.collector.ipmi.IpmiSource;
import dev.hearth.collector.ipmi.IpmiTarget;
import dev.hearth.collector.ipmi.IpmiToolset;
import dev.hearth.collector.ipmi.IpmitoolDcmiParser;
import dev.hearth.collector.ipmi.IpmitoolSdrParser;
import dev.hearth.collector.ipmi.IpmitoolSensorParser;
import dev.hearth.collector.ipmi.LanInterface;
import dev.hearth.collector.ipmi.ProcessIpmiCommandRunner;
import dev.hearth.collector.ipmi.SensorReading;
import dev.hearth.model.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ipmi", mixinStandardHelpOptions = true,
        description = {"Read one BMC over IPMI once (FreeIPMI or ipmitool, lan/lanplus), or parse a saved",
                "output of ipmi-sensors, ipmi-dcmi, ipmitool sdr elist / sensor / dcmi power reading."})
public final class CollectIpmiCommand implements Callable<Integer> {
    @Option(names = "--from-file", paramLabel = "OUTPUT", description = "A saved tool output to parse instead of a live BMC.")
    Path fromFile;

    @Option(names = "--format", defaultValue = "ipmi-sensors",
            description = "What --from-file holds: ipmi-sensors, ipmi-dcmi, ipmitool-sdr, ipmitool-sensor, ipmitool-dcmi (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--host", description = "The BMC to read live.")
    String host;

    @Option(names = "--user", description = "BMC user.")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "IPMI_PASSWORD",
            description = "Environment variable holding the BMC password (default ${DEFAULT-VALUE}); never a command-line value.")
    String passwordEnv;

    @Option(names = "--interface", defaultValue = "lanplus", description = "lan or lanplus (default ${DEFAULT-VALUE}).")
    String lanInterface;

    @Option(names = "--tool", defaultValue = "freeipmi", description = "freeipmi or ipmitool (default ${DEFAULT-VALUE}).")
    String tool;

    @Option(names = "--node", defaultValue = "target", description = "Node label for the samples (default ${DEFAULT-VALUE}).")
    String node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((fromFile == null) == (host == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --from-file OUTPUT or --host HOST");
        }
        List<Sample> samples;
        try {
            samples = fromFile != null ? parse() : live();
        } catch (IOException e) {
            throw new UserError("cannot read " + fromFile + ": " + e.getMessage());
        } catch (CollectException e) {
            throw new UserError(e.getMessage());
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (RuntimeException e) {
            // the parsers name the line and what was wrong with it
            throw new UserError((fromFile != null ? fromFile + ": " : "") + e.getMessage());
        }
        SamplePrinter.print(spec.commandLine().getOut(), samples);
        return 0;
    }

    private List<Sample> parse() throws IOException {
        String text = Files.readString(fromFile);
        Instant now = Instant.now();
        IpmiSamples samples = new IpmiSamples();
        return switch (format) {
            case "ipmi-sensors" -> samples.samples(node, now, new FreeIpmiSensorsParser().parse(text), none());
            case "ipmitool-sdr" -> samples.samples(node, now, new IpmitoolSdrParser().parse(text), none());
            case "ipmitool-sensor" -> samples.samples(node, now, new IpmitoolSensorParser().parse(text), none());
            case "ipmi-dcmi" -> samples.samples(node, now, List.<SensorReading>of(), new FreeIpmiDcmiParser().parse(text));
            case "ipmitool-dcmi" -> samples.samples(node, now, List.<SensorReading>of(), new IpmitoolDcmiParser().parse(text));
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--format \"" + format + "\" is not"
                    + " one of ipmi-sensors, ipmi-dcmi, ipmitool-sdr, ipmitool-sensor, ipmitool-dcmi");
        };
    }

    private List<Sample> live() throws CollectException {
        String password = System.getenv(passwordEnv);
        if (user == null || password == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a live read needs --user and the password in"
                    + " the environment variable " + passwordEnv);
        }
        LanInterface lan = switch (lanInterface) {
            case "lan" -> LanInterface.LAN;
            case "lanplus" -> LanInterface.LANPLUS;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--interface \"" + lanInterface
                    + "\" is not lan or lanplus");
        };
        IpmiToolset toolset = switch (tool) {
            case "freeipmi" -> IpmiToolset.FREEIPMI;
            case "ipmitool" -> IpmiToolset.IPMITOOL;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--tool \"" + tool
                    + "\" is not freeipmi or ipmitool");
        };
        return new IpmiSource(node, new IpmiTarget(host, user, password, lan), toolset,
                new ProcessIpmiCommandRunner(1 << 20), Duration.ofSeconds(20)).collect(Instant.now());
    }

    private static DcmiPower none() {
        return new DcmiPower.Unsupported("not asked for");
    }
}

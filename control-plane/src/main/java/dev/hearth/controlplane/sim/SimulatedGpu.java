package dev.hearth.controlplane.sim;

import dev.hearth.collector.gpu.CommandOutput;
import dev.hearth.collector.gpu.CommandRunner;

import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A node's RTX 2080 Ti and its driver as the collector sees real ones: answers {@code nvidia-smi -q -x}
 * with XML in nvidia-smi's schema and {@code dmesg} with the driver's kernel log, both from the node's
 * {@link ThermalModel} readings and injected faults. The local fleet hands it to the GPU and Xid
 * sources in place of running programs on a household's machine.
 *
 * <p>Clock throttling follows temperature as on the real card: software thermal slowdown from 88 °C,
 * hardware slowdown from 91 °C. After Xid 79 the GPU is lost: nvidia-smi fails as it does then, until the
 * fault is cleared (a power cycle).
 */
public final class SimulatedGpu implements CommandRunner {
    static final String PCI_BUS_ID = "00000000:01:00.0";
    private static final long MEMORY_MIB = 11264;
    private static final double SW_SLOWDOWN_CELSIUS = 88;
    private static final double HW_SLOWDOWN_CELSIUS = 91;

    private final String node;
    private final String uuid;
    private final Supplier<ThermalReadings> readings;
    private final Clock clock;
    private final Instant bootedAt;
    private final List<String> kernelLog = new ArrayList<>();
    private boolean lost;

    /** @param readings the node's current sensor readings (the BMC's, so both agree) */
    public SimulatedGpu(String node, Supplier<ThermalReadings> readings, Clock clock) {
        this.node = node;
        this.readings = readings;
        this.clock = clock;
        this.bootedAt = clock.instant();
        this.uuid = "GPU-" + java.util.UUID.nameUUIDFromBytes(node.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public synchronized void inject(Fault fault) {
        OptionalInt xid = fault.xid();
        if (xid.isPresent()) {
            double uptime = Duration.between(bootedAt, clock.instant()).toMillis() / 1000.0;
            kernelLog.add(String.format(Locale.ROOT, "[%12.6f] NVRM: Xid (PCI:0000:01:00): %d, pid=%d, %s",
                    uptime, xid.getAsInt(), xid.getAsInt() == 79 ? 0 : 4242, describe(xid.getAsInt())));
            lost |= xid.getAsInt() == 79;
        } else if (fault == Fault.CLEAR) {
            lost = false;
        }
    }

    @Override
    public synchronized CommandOutput run(List<String> command, Duration timeout) throws NoSuchFileException {
        String program = command.get(0);
        if (program.equals("dmesg")) {
            StringBuilder log = new StringBuilder("[    0.000000] Linux version 6.1.0-hearth-sim\n");
            kernelLog.forEach(line -> log.append(line).append('\n'));
            return new CommandOutput(0, log.toString(), "");
        }
        if (program.equals("nvidia-smi") && command.equals(List.of("nvidia-smi", "-q", "-x"))) {
            if (lost) {
                return new CommandOutput(15, "", "Unable to determine the device handle for GPU" + PCI_BUS_ID
                        + ": GPU is lost.  Reboot the system to recover this GPU\n");
            }
            return new CommandOutput(0, xml(readings.get()), "");
        }
        throw new NoSuchFileException(program, null, "the simulated GPU of " + node
                + " answers only 'nvidia-smi -q -x' and 'dmesg'");
    }

    private String xml(ThermalReadings r) {
        double gpu = r.gpuCelsius();
        long usedMib = Math.round(9800 + 600 * r.utilisation());
        double fanShare = Math.max(0.23, Math.min(1, (r.gpuFanRpm() - 900) / 2600 * 0.77 + 0.23));
        int graphicsMhz = gpu >= HW_SLOWDOWN_CELSIUS ? 900 : gpu >= SW_SLOWDOWN_CELSIUS ? 1350 : 1635;
        return String.format(Locale.ROOT, """
                <?xml version="1.0" ?>
                <!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v12.dtd">
                <nvidia_smi_log>
                	<driver_version>535.183.01</driver_version>
                	<cuda_version>12.2</cuda_version>
                	<attached_gpus>1</attached_gpus>
                	<gpu id="%s">
                		<product_name>NVIDIA GeForce RTX 2080 Ti</product_name>
                		<uuid>%s</uuid>
                		<fan_speed>%d %%</fan_speed>
                		<clocks_event_reasons>
                			<clocks_event_reason_gpu_idle>%s</clocks_event_reason_gpu_idle>
                			<clocks_event_reason_sw_thermal_slowdown>%s</clocks_event_reason_sw_thermal_slowdown>
                			<clocks_event_reason_hw_thermal_slowdown>%s</clocks_event_reason_hw_thermal_slowdown>
                			<clocks_event_reason_sw_power_cap>Not Active</clocks_event_reason_sw_power_cap>
                		</clocks_event_reasons>
                		<fb_memory_usage>
                			<total>%d MiB</total>
                			<used>%d MiB</used>
                			<free>%d MiB</free>
                		</fb_memory_usage>
                		<utilization>
                			<gpu_util>%d %%</gpu_util>
                			<memory_util>%d %%</memory_util>
                		</utilization>
                		<temperature>
                			<gpu_temp>%.0f C</gpu_temp>
                			<gpu_temp_slow_threshold>%.0f C</gpu_temp_slow_threshold>
                		</temperature>
                		<gpu_power_readings>
                			<power_draw>%.2f W</power_draw>
                			<current_power_limit>250.00 W</current_power_limit>
                		</gpu_power_readings>
                		<clocks>
                			<graphics_clock>%d MHz</graphics_clock>
                			<sm_clock>%d MHz</sm_clock>
                			<mem_clock>7000 MHz</mem_clock>
                		</clocks>
                	</gpu>
                </nvidia_smi_log>
                """, PCI_BUS_ID, uuid, Math.round(fanShare * 100),
                active(r.utilisation() < 0.01), active(gpu >= SW_SLOWDOWN_CELSIUS), active(gpu >= HW_SLOWDOWN_CELSIUS),
                MEMORY_MIB, usedMib, MEMORY_MIB - usedMib,
                Math.round(r.utilisation() * 100), Math.round(r.utilisation() * 60),
                gpu, HW_SLOWDOWN_CELSIUS, r.gpuWatts(), graphicsMhz, graphicsMhz);
    }

    private static String active(boolean active) {
        return active ? "Active" : "Not Active";
    }

    private static String describe(int xid) {
        return switch (xid) {
            case 13 -> "name=python3, Graphics SM Warp Exception on (GPC 0, TPC 0, SM 0): Out Of Range Address";
            case 31 -> "name=python3, Ch 00000010, intr 10000000. MMU Fault: ENGINE GRAPHICS GPCCLIENT_T1_0 faulted";
            case 43 -> "name=python3, Ch 00000008";
            case 48 -> "An uncorrectable double bit error (DBE) has been detected on GPU in the framebuffer";
            case 79 -> "GPU has fallen off the bus.";
            default -> "name=python3, ECC event";
        };
    }
}

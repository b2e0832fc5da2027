package dev.hearth.collector.gpu;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What nvidia-smi reported about one GPU, in base units: °C, W, Hz, bytes, ratios 0..1. A value the
 * GPU does not report ("N/A", "[Not Supported]") is absent, never zero, so that "no reading" and
 * "reads zero" stay apart.
 *
 * @param index             nvidia-smi's index of the GPU on its host (0, 1, …)
 * @param uuid              the GPU's UUID ({@code GPU-…}), stable across reboots and slots
 * @param model             the product name, e.g. {@code NVIDIA GeForce RTX 2080}
 * @param pciBusId          PCI address as nvidia-smi writes it, e.g. {@code 00000000:01:00.0}
 * @param temperatureCelsius core temperature
 * @param memoryTemperatureCelsius HBM temperature (data-centre parts only)
 * @param powerDrawWatts    board power draw
 * @param powerLimitWatts   the power limit the driver enforces now
 * @param clocksHertz       current clocks by domain: {@code graphics}, {@code sm}, {@code memory}, {@code video}
 * @param utilizationRatio  busy share by engine: {@code gpu}, {@code memory}, {@code encoder}, {@code decoder},
 *                          {@code jpeg}, {@code ofa}
 * @param memoryUsedBytes   frame buffer in use
 * @param memoryTotalBytes  frame buffer size
 * @param fanRatio          fan speed as a share of its maximum (nvidia-smi reports no RPM)
 * @param throttleReasons   every clock event (throttle) reason the GPU reports, and whether it is active;
 *                          e.g. {@code sw_power_cap}, {@code hw_thermal_slowdown}, {@code gpu_idle}
 * @param memoryErrors      ECC counters, retired pages and remapped rows where reported
 * @param xidEvents         Xid error events seen for this GPU, by Xid code; empty when none were read
 * @param vgpus             vGPU instances running on this GPU (vGPU hosts only)
 */
public record GpuFacts(int index, String uuid, String model, String pciBusId,
                       OptionalDouble temperatureCelsius, OptionalDouble memoryTemperatureCelsius,
                       OptionalDouble powerDrawWatts, OptionalDouble powerLimitWatts,
                       Map<String, Double> clocksHertz, Map<String, Double> utilizationRatio,
                       OptionalDouble memoryUsedBytes, OptionalDouble memoryTotalBytes, OptionalDouble fanRatio,
                       Map<String, Boolean> throttleReasons, MemoryErrors memoryErrors,
                       Map<Integer, Integer> xidEvents, List<VgpuFacts> vgpus) {
    public GpuFacts {
        if (index < 0) {
            throw new IllegalArgumentException("GPU index " + index + " of " + uuid + " is negative");
        }
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(pciBusId, "pciBusId");
        Objects.requireNonNull(temperatureCelsius, "temperatureCelsius");
        Objects.requireNonNull(memoryTemperatureCelsius, "memoryTemperatureCelsius");
        Objects.requireNonNull(powerDrawWatts, "powerDrawWatts");
        Objects.requireNonNull(powerLimitWatts, "powerLimitWatts");
        clocksHertz = Map.copyOf(clocksHertz);
        utilizationRatio = Map.copyOf(utilizationRatio);
        Objects.requireNonNull(memoryUsedBytes, "memoryUsedBytes");
        Objects.requireNonNull(memoryTotalBytes, "memoryTotalBytes");
        Objects.requireNonNull(fanRatio, "fanRatio");
        throttleReasons = Map.copyOf(throttleReasons);
        Objects.requireNonNull(memoryErrors, "memoryErrors");
        xidEvents = Map.copyOf(xidEvents);
        vgpus = List.copyOf(vgpus);
    }

    /** These facts with the Xid events read from the kernel log, which nvidia-smi itself does not report. */
    public GpuFacts withXidEvents(Map<Integer, Integer> events) {
        return new GpuFacts(index, uuid, model, pciBusId, temperatureCelsius, memoryTemperatureCelsius,
                powerDrawWatts, powerLimitWatts, clocksHertz, utilizationRatio, memoryUsedBytes, memoryTotalBytes,
                fanRatio, throttleReasons, memoryErrors, events, vgpus);
    }
}

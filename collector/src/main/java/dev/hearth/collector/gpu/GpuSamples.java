package dev.hearth.collector.gpu;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Turns {@link GpuFacts} into samples named in Prometheus style. Every GPU sample carries {@code gpu}
 * (nvidia-smi's index), {@code uuid} and {@code model}; what a GPU did not report yields no sample.
 *
 * <ul>
 *   <li>{@code hearth_gpu_devices}: GPUs nvidia-smi listed (0 on a node without GPU)</li>
 *   <li>{@code hearth_gpu_temperature_celsius}, {@code hearth_gpu_memory_temperature_celsius}</li>
 *   <li>{@code hearth_gpu_power_watts}, {@code hearth_gpu_power_limit_watts}</li>
 *   <li>{@code hearth_gpu_clock_hertz{clock}}, {@code hearth_gpu_utilization_ratio{engine}}</li>
 *   <li>{@code hearth_gpu_memory_used_bytes}, {@code hearth_gpu_memory_total_bytes}, {@code hearth_gpu_fan_ratio}</li>
 *   <li>{@code hearth_gpu_throttle_active{reason}}: 1 when the reason holds the clocks down, else 0</li>
 *   <li>{@code hearth_gpu_ecc_errors_total{scope, type, location}}</li>
 *   <li>{@code hearth_gpu_retired_pages{cause}}, {@code hearth_gpu_retired_pages_pending},
 *       {@code hearth_gpu_remapped_rows{cause}}, {@code hearth_gpu_remapped_rows_pending},
 *       {@code hearth_gpu_remapped_rows_failed}</li>
 *   <li>{@code hearth_gpu_xid_events_total{xid}}; Xid events of a PCI address no listed GPU has (a GPU
 *       that fell off the bus) carry only {@code pci_bus_id}</li>
 *   <li>{@code hearth_gpu_vgpu_utilization_ratio{vgpu, vgpu_type, engine}},
 *       {@code hearth_gpu_vgpu_memory_used_bytes{vgpu, vgpu_type}}, {@code hearth_gpu_vgpu_memory_total_bytes}</li>
 * </ul>
 */
public final class GpuSamples {
    public static final String DEVICES = MetricCatalogue.GPU_DEVICES.name();
    public static final String TEMPERATURE = MetricCatalogue.GPU_TEMPERATURE.name();
    public static final String MEMORY_TEMPERATURE = MetricCatalogue.GPU_MEMORY_TEMPERATURE.name();
    public static final String POWER = MetricCatalogue.GPU_POWER.name();
    public static final String POWER_LIMIT = MetricCatalogue.GPU_POWER_LIMIT.name();
    public static final String CLOCK = MetricCatalogue.GPU_CLOCK.name();
    public static final String UTILIZATION = MetricCatalogue.GPU_UTILIZATION.name();
    public static final String MEMORY_USED = MetricCatalogue.GPU_MEMORY_USED.name();
    public static final String MEMORY_TOTAL = MetricCatalogue.GPU_MEMORY_TOTAL.name();
    public static final String FAN = MetricCatalogue.GPU_FAN.name();
    public static final String THROTTLE = MetricCatalogue.GPU_THROTTLE.name();
    public static final String ECC_ERRORS = MetricCatalogue.GPU_ECC_ERRORS.name();
    public static final String RETIRED_PAGES = MetricCatalogue.GPU_RETIRED_PAGES.name();
    public static final String RETIRED_PAGES_PENDING = MetricCatalogue.GPU_RETIRED_PAGES_PENDING.name();
    public static final String REMAPPED_ROWS = MetricCatalogue.GPU_REMAPPED_ROWS.name();
    public static final String REMAPPED_ROWS_PENDING = MetricCatalogue.GPU_REMAPPED_ROWS_PENDING.name();
    public static final String REMAPPED_ROWS_FAILED = MetricCatalogue.GPU_REMAPPED_ROWS_FAILED.name();
    public static final String XID_EVENTS = MetricCatalogue.GPU_XID_EVENTS.name();
    public static final String VGPU_UTILIZATION = MetricCatalogue.GPU_VGPU_UTILIZATION.name();
    public static final String VGPU_MEMORY_USED = MetricCatalogue.GPU_VGPU_MEMORY_USED.name();
    public static final String VGPU_MEMORY_TOTAL = MetricCatalogue.GPU_VGPU_MEMORY_TOTAL.name();

    /** The samples of every GPU of {@code node}, plus {@code hearth_gpu_devices}. */
    public List<Sample> samples(String node, Instant at, List<GpuFacts> gpus) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(at, "at");
        List<Sample> out = new ArrayList<>();
        out.add(Sample.of(at, node, DEVICES, gpus.size()));
        for (GpuFacts gpu : gpus) {
            new Emitter(out, at, node, Map.of("gpu", Integer.toString(gpu.index()), "uuid", gpu.uuid(),
                    "model", gpu.model())).gpu(gpu);
        }
        return out;
    }

    /** Xid events of a PCI address that no GPU nvidia-smi listed has, e.g. one that fell off the bus. */
    public List<Sample> unattributedXidEvents(String node, Instant at, String pciBusId, Map<Integer, Integer> events) {
        List<Sample> out = new ArrayList<>();
        Emitter emitter = new Emitter(out, at, node, Map.of("pci_bus_id", pciBusId));
        events.forEach((xid, count) -> emitter.add(XID_EVENTS, "xid", Integer.toString(xid), count));
        return out;
    }

    /** Adds samples with one GPU's (or vGPU's) labels. */
    private static final class Emitter {
        private final List<Sample> out;
        private final Instant at;
        private final String node;
        private final Map<String, String> labels;

        Emitter(List<Sample> out, Instant at, String node, Map<String, String> labels) {
            this.out = out;
            this.at = at;
            this.node = node;
            this.labels = labels;
        }

        void gpu(GpuFacts gpu) {
            add(TEMPERATURE, gpu.temperatureCelsius());
            add(MEMORY_TEMPERATURE, gpu.memoryTemperatureCelsius());
            add(POWER, gpu.powerDrawWatts());
            add(POWER_LIMIT, gpu.powerLimitWatts());
            gpu.clocksHertz().forEach((clock, hz) -> add(CLOCK, "clock", clock, hz));
            gpu.utilizationRatio().forEach((engine, ratio) -> add(UTILIZATION, "engine", engine, ratio));
            add(MEMORY_USED, gpu.memoryUsedBytes());
            add(MEMORY_TOTAL, gpu.memoryTotalBytes());
            add(FAN, gpu.fanRatio());
            gpu.throttleReasons().forEach((reason, active) -> add(THROTTLE, "reason", reason, active ? 1 : 0));
            MemoryErrors memory = gpu.memoryErrors();
            for (EccErrorCount ecc : memory.eccErrors()) {
                add(ECC_ERRORS, Map.of("scope", ecc.scope(), "type", ecc.type(), "location", ecc.location()),
                        ecc.count());
            }
            memory.retiredPages().forEach((cause, n) -> add(RETIRED_PAGES, "cause", cause, n));
            memory.retirementPending().ifPresent(p -> add(RETIRED_PAGES_PENDING, Map.of(), p ? 1 : 0));
            memory.remappedRows().forEach((cause, n) -> add(REMAPPED_ROWS, "cause", cause, n));
            memory.remapPending().ifPresent(p -> add(REMAPPED_ROWS_PENDING, Map.of(), p ? 1 : 0));
            memory.remapFailed().ifPresent(f -> add(REMAPPED_ROWS_FAILED, Map.of(), f ? 1 : 0));
            gpu.xidEvents().forEach((xid, count) -> add(XID_EVENTS, "xid", Integer.toString(xid), count));
            for (VgpuFacts vgpu : gpu.vgpus()) {
                Map<String, String> vgpuLabels = Map.of("vgpu", vgpu.id(), "vgpu_type", vgpu.type());
                vgpu.utilizationRatio().forEach((engine, ratio) -> {
                    Map<String, String> withEngine = new HashMap<>(vgpuLabels);
                    withEngine.put("engine", engine);
                    add(VGPU_UTILIZATION, withEngine, ratio);
                });
                vgpu.memoryUsedBytes().ifPresent(v -> add(VGPU_MEMORY_USED, vgpuLabels, v));
                vgpu.memoryTotalBytes().ifPresent(v -> add(VGPU_MEMORY_TOTAL, vgpuLabels, v));
            }
        }

        private void add(String metric, OptionalDouble value) {
            value.ifPresent(v -> add(metric, Map.of(), v));
        }

        void add(String metric, String label, String labelValue, double value) {
            add(metric, Map.of(label, labelValue), value);
        }

        private void add(String metric, Map<String, String> extra, double value) {
            Map<String, String> all = new HashMap<>(labels);
            all.putAll(extra);
            out.add(new Sample(at, node, metric, all, value));
        }
    }
}

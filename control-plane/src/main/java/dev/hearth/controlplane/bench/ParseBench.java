package dev.hearth.controlplane.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.CollectException;
import dev.hearth.collector.gpu.GpuSamples;
import dev.hearth.collector.gpu.NvidiaSmiXmlParser;
import dev.hearth.collector.ipmi.DcmiPower;
import dev.hearth.collector.ipmi.FreeIpmiSensorsParser;
import dev.hearth.collector.ipmi.IpmiSamples;
import dev.hearth.collector.ipmi.IpmitoolSensorParser;
import dev.hearth.collector.openmetrics.ExpositionFormat;
import dev.hearth.collector.openmetrics.ExpositionParser;
import dev.hearth.collector.openmetrics.MetricFamily;
import dev.hearth.collector.openmetrics.ParseLimits;
import dev.hearth.collector.redfish.RedfishAuth;
import dev.hearth.collector.redfish.RedfishLimits;
import dev.hearth.collector.redfish.RedfishWalker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Single-thread throughput of each source's parser per CPU-second, from the payload's text to the
 * samples the collector stores (normalisation included where the source has a separate step): each is
 * run for the warm-up time, then counted over as much CPU time again.
 */
public final class ParseBench {
    private static final String NODE = "node-1";
    private static final Instant AT = Instant.parse("2025-03-04T10:00:00Z");

    /** One parse of one payload; returns the samples it gave. */
    private interface Parse {
        int once() throws CollectException;
    }

    private final Duration each;
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

    /**
     * @param each how much CPU time each parser is warmed up for, and then timed for
     * @throws IllegalStateException when this JVM cannot measure a thread's CPU time
     */
    public ParseBench(Duration each) {
        this.each = Objects.requireNonNull(each, "each");
        if (!cpu.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time, which the parse bench"
                    + " reports per core; run it on a HotSpot JVM such as OpenJDK");
        }
        cpu.setThreadCpuTimeEnabled(true);
    }

    public List<ParseFigure> run() {
        List<ParseFigure> figures = new ArrayList<>();
        ExpositionParser exposition = new ExpositionParser(ParseLimits.defaults());
        String openMetrics = ParsePayloads.openMetrics();
        figures.add(measure("openmetrics-1.0", bytes(openMetrics),
                () -> samples(exposition.parse(ExpositionFormat.OPENMETRICS_1_0, openMetrics))));
        String prometheus = ParsePayloads.prometheusText();
        figures.add(measure("prometheus-text-0.0.4", bytes(prometheus),
                () -> samples(exposition.parse(ExpositionFormat.PROMETHEUS_TEXT_0_0_4, prometheus))));

        figures.add(redfish());

        IpmiSamples ipmi = new IpmiSamples();
        DcmiPower noDcmi = new DcmiPower.Unsupported("not part of the bench");
        IpmitoolSensorParser ipmitool = new IpmitoolSensorParser();
        String sensors = ParsePayloads.ipmitoolSensor();
        figures.add(measure("ipmi ipmitool-sensor", bytes(sensors),
                () -> ipmi.samples(NODE, AT, ipmitool.parse(sensors), noDcmi).size()));
        FreeIpmiSensorsParser freeIpmi = new FreeIpmiSensorsParser();
        String table = ParsePayloads.freeIpmiSensors();
        figures.add(measure("ipmi freeipmi-sensors", bytes(table),
                () -> ipmi.samples(NODE, AT, freeIpmi.parse(table), noDcmi).size()));

        NvidiaSmiXmlParser smi = new NvidiaSmiXmlParser();
        GpuSamples gpus = new GpuSamples();
        String xml = ParsePayloads.nvidiaSmiXml();
        figures.add(measure("nvidia-smi-xml", bytes(xml), () -> gpus.samples(NODE, AT, smi.parse(xml)).size()));
        return figures;
    }

    /** A whole walk of the in-memory BMC: the JSON of every resource it fetches is the payload. */
    private ParseFigure redfish() {
        InMemoryBmc bmc = new InMemoryBmc();
        try (RedfishWalker walker = new RedfishWalker(NODE, InMemoryBmc.SERVICE_ROOT, bmc, new ObjectMapper(),
                RedfishAuth.none(), RedfishLimits.defaults())) {
            long before = bmc.bytesServed();
            walk(walker);
            int walkBytes = Math.toIntExact(bmc.bytesServed() - before);
            return measure("redfish-json", walkBytes, () -> walk(walker));
        } catch (CollectException e) {
            throw new IllegalStateException("the Redfish walker refused the bench's tree: " + e.getMessage(), e);
        }
    }

    private static int walk(RedfishWalker walker) throws CollectException {
        return walker.walk(AT).samples().size();
    }

    private ParseFigure measure(String source, int payloadBytes, Parse parse) {
        try {
            int samples = parse.once();
            loop(parse); // warm-up
            long[] counted = loop(parse);
            double seconds = counted[1] / 1e9;
            return new ParseFigure(source, payloadBytes, samples, counted[0] * (double) payloadBytes / seconds / 1e6,
                    counted[0] * (double) samples / seconds);
        } catch (CollectException | RuntimeException e) {
            // the payloads are the bench's own: a parser that refuses one has changed, which is a bug here
            throw new IllegalStateException("the " + source + " parser refused the bench's payload: " + e.getMessage(), e);
        }
    }

    /**
     * Parses until the thread has used {@link #each} of CPU time; returns {iterations, CPU nanoseconds}.
     * CPU time, not wall time: the figure is per core, and other processes sharing the machine's cores
     * would otherwise lower it by however much they happen to take.
     */
    private long[] loop(Parse parse) throws CollectException {
        long limit = each.toNanos();
        long start = cpu.getCurrentThreadCpuTime();
        long iterations = 0;
        long used;
        do {
            parse.once();
            iterations++;
            used = cpu.getCurrentThreadCpuTime() - start;
        } while (used < limit);
        return new long[]{iterations, Math.max(1, used)};
    }

    private static int samples(List<MetricFamily> families) {
        int n = 0;
        for (MetricFamily family : families) {
            n += family.samples().size();
        }
        return n;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}

package dev.hearth.controlplane.bench;

import dev.hearth.model.NodeState;
import dev.hearth.rules.facts.ClusterLoad;
import dev.hearth.rules.facts.EvaluationTime;
import dev.hearth.rules.facts.FleetLatency;
import dev.hearth.rules.facts.NodeStatus;
import dev.hearth.rules.facts.PowerPolicy;
import dev.hearth.rules.facts.SeriesWindow;
import dev.hearth.rules.facts.ServiceStats;
import dev.hearth.rules.facts.ShardReplicas;
import dev.hearth.rules.facts.SloWindow;
import dev.hearth.rules.facts.SourceHealth;
import dev.hearth.rules.fleet.XidPolicies;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The facts one evaluation of a fleet of {@code nodes} sees, made up with the shapes and proportions
 * of the live ones: per node its status, six series windows, four source healths and its service
 * statistics; per fleet its latency, load, SLO windows and 64 shards. One node in a hundred runs hot,
 * so the rules have findings to raise, as they would on a real fleet.
 */
final class SyntheticFleetFacts {
    private static final String[] SOURCES = {"node", "bmc", "gpu", "xid"};
    private static final long[] SLO_WINDOWS = {300, 1800, 3600, 21600, 259200};

    private SyntheticFleetFacts() {
    }

    static List<Object> of(int nodes, Instant at, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long now = at.toEpochMilli();
        List<Object> facts = new ArrayList<>(nodes * 12 + 32);
        facts.add(new EvaluationTime(now));
        facts.add(PowerPolicy.defaults());
        facts.addAll(XidPolicies.turingGeForce());
        for (int i = 0; i < nodes; i++) {
            String node = "node-" + i;
            boolean hot = i % 100 == 7;
            facts.add(new NodeStatus(node, NodeState.SERVING, "household-" + i, "building-" + i / 40,
                    "spine-" + i / 400));
            double gpu = hot ? 93 + random.nextDouble() : 55 + 20 * random.nextDouble();
            facts.add(window(node, "hearth_bmc_temperature_celsius", Map.of("physical_context", "GPU",
                    "sensor", "GPU0 Temp"), 30, gpu, now));
            facts.add(window(node, "hearth_bmc_temperature_celsius", Map.of("physical_context", "Intake",
                    "sensor", "Inlet Temp"), 120, 22 + 4 * random.nextDouble(), now));
            facts.add(window(node, "hearth_gpu_temperature_celsius", Map.of("gpu", "0"), 30, gpu, now));
            facts.add(window(node, "hearth_bmc_fan_speed_rpm", Map.of("sensor", "GPU Fan"), 60,
                    1200 + 1500 * random.nextDouble(), now));
            facts.add(window(node, "hearth_gpu_utilization_ratio", Map.of("engine", "gpu"), 300,
                    random.nextDouble(), now));
            facts.add(window(node, "hearth_node_waiting_requests", Map.of(), 300, random.nextInt(4), now));
            for (String source : SOURCES) {
                facts.add(new SourceHealth(node, source, true, true, 0, now - 3_600_000, List.of()));
            }
            facts.add(new ServiceStats(node, 300, 0.2 + 0.1 * random.nextDouble(), 0.001 * random.nextDouble(),
                    random.nextInt(4), 16, 100 + random.nextInt(50), now - 300_000, List.of()));
        }
        facts.add(new FleetLatency(0.25, nodes));
        facts.add(new ClusterLoad(0.5, nodes, 300, now - 300_000));
        for (long window : SLO_WINDOWS) {
            facts.add(new SloWindow("availability", window, 0.0001, 0.9995, 1e6, now - window * 1000, List.of()));
            facts.add(new SloWindow("latency", window, 0.0002, 0.9995, 1e6, now - window * 1000, List.of()));
        }
        for (int s = 0; s < 64; s++) {
            facts.add(new ShardReplicas("shard-" + s, 3 + s % 3, 1, List.of(), now - 3_600_000));
        }
        return facts;
    }

    private static SeriesWindow window(String node, String metric, Map<String, String> labels, long seconds,
                                       double value, long now) {
        String series = node + "/" + metric + labels;
        return new SeriesWindow(node, metric, series, labels, seconds, value, value, value, value, value,
                (int) (seconds / 5) + 1, now - seconds * 1000, now, true);
    }
}

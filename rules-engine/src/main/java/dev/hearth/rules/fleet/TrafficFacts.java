package dev.hearth.rules.fleet;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.NodeState;
import dev.hearth.model.Sample;
import dev.hearth.rules.facts.FleetLatency;
import dev.hearth.rules.facts.NodeStatus;
import dev.hearth.rules.facts.SeriesWindow;
import dev.hearth.rules.facts.ServiceStats;
import dev.hearth.rules.facts.SloWindow;
import dev.hearth.rules.history.MetricHistory;
import dev.hearth.rules.history.SeriesIncrease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Facts about requests: per-node service statistics, the fleet's typical latency, SLO windows. */
final class TrafficFacts {
    private static final String NODE_BUCKETS = MetricCatalogue.NODE_REQUEST_DURATION.name() + "_bucket";
    private static final String GATEWAY_BUCKETS = MetricCatalogue.GATEWAY_REQUEST_DURATION.name() + "_bucket";
    private static final String GATEWAY_COUNT = MetricCatalogue.GATEWAY_REQUEST_DURATION.name() + "_count";

    private final MetricHistory history;
    private final FleetFactsConfig config;

    TrafficFacts(MetricHistory history, FleetFactsConfig config) {
        this.history = history;
        this.config = config;
    }

    /** Service statistics of every node with request counters or a queue in the window. */
    List<ServiceStats> serviceStats(Instant at, Map<String, SeriesWindow> queueByNode) {
        Instant from = at.minus(config.serviceWindow());
        long fresh = at.minus(config.staleness()).toEpochMilli();
        Map<String, List<SeriesIncrease>> requests = byNode(history.increases(
                MetricCatalogue.NODE_REQUESTS.name(), from, at), fresh);
        Map<String, List<SeriesIncrease>> buckets = byNode(history.increases(NODE_BUCKETS, from, at), fresh);
        TreeSet<String> nodes = new TreeSet<>(requests.keySet());
        nodes.addAll(queueByNode.keySet());
        List<ServiceStats> stats = new ArrayList<>();
        for (String node : nodes) {
            double total = 0;
            double excluded = 0;
            double errors = 0;
            List<Sample> evidence = new ArrayList<>();
            for (SeriesIncrease inc : requests.getOrDefault(node, List.of())) {
                String outcome = inc.label("outcome");
                total += inc.amount();
                excluded += config.excludedOutcomes().contains(outcome) ? inc.amount() : 0;
                errors += config.errorOutcomes().contains(outcome) ? inc.amount() : 0;
                if (inc.amount() > 0) {
                    evidence.add(inc.start());
                    evidence.add(inc.end());
                }
            }
            double served = total - excluded;
            // the condition is seen from the window's start, or from the node's first sample when it is younger
            long since = evidence.stream().mapToLong(e -> e.time().toEpochMilli()).min().orElse(from.toEpochMilli());
            Map<Double, Double> cumulative = new HashMap<>();
            for (SeriesIncrease b : buckets.getOrDefault(node, List.of())) {
                double bound = HistogramQuantile.bound(b.label("le"));
                if (!Double.isNaN(bound)) {
                    cumulative.merge(bound, b.amount(), Double::sum);
                }
            }
            SeriesWindow queue = queueByNode.get(node);
            if (queue != null) {
                evidence.add(queue.samples().get(queue.samples().size() - 1));
            }
            stats.add(new ServiceStats(node, config.serviceWindow().toSeconds(), HistogramQuantile.of(0.99, cumulative),
                    served > 0 ? Math.min(1, errors / served) : 0, queue == null ? 0 : queue.min(), config.queueLimit(),
                    served, Math.max(from.toEpochMilli(), since), evidence));
        }
        return stats;
    }

    /** The median P99 over serving nodes (all nodes when the fleet state lists none) with enough requests. */
    Optional<FleetLatency> fleetLatency(List<ServiceStats> stats, List<NodeStatus> nodes) {
        Map<String, NodeState> states = new HashMap<>();
        nodes.forEach(n -> states.put(n.node(), n.state()));
        List<Double> p99s = new ArrayList<>();
        for (ServiceStats s : stats) {
            boolean serving = states.isEmpty() || states.get(s.node()) == NodeState.SERVING;
            if (serving && s.requests() >= config.minRequests() && s.p99Seconds() > 0) {
                p99s.add(s.p99Seconds());
            }
        }
        if (p99s.isEmpty()) {
            return Optional.empty();
        }
        p99s.sort(Double::compare);
        int n = p99s.size();
        double median = n % 2 == 1 ? p99s.get(n / 2) : (p99s.get(n / 2 - 1) + p99s.get(n / 2)) / 2;
        return Optional.of(new FleetLatency(median, n));
    }

    /** Availability and latency SLO windows; a window without requests or fresh counters has none. */
    List<SloWindow> sloWindows(Instant at) {
        long fresh = at.minus(config.staleness()).toEpochMilli();
        List<SloWindow> windows = new ArrayList<>();
        for (Duration w : config.sloWindows()) {
            Instant from = at.minus(w);
            availability(history.increases(MetricCatalogue.GATEWAY_REQUESTS.name(), from, at), fresh, w, from)
                    .ifPresent(windows::add);
            latency(history.increases(GATEWAY_BUCKETS, from, at), history.increases(GATEWAY_COUNT, from, at), fresh,
                    w, from).ifPresent(windows::add);
        }
        return windows;
    }

    private Optional<SloWindow> availability(List<SeriesIncrease> incs, long fresh, Duration w, Instant from) {
        double total = 0;
        double bad = 0;
        List<Sample> evidence = new ArrayList<>();
        for (SeriesIncrease inc : incs) {
            if (inc.end().time().toEpochMilli() < fresh) {
                continue;
            }
            String outcome = inc.label("outcome");
            if (config.excludedGatewayOutcomes().contains(outcome)) {
                continue;
            }
            total += inc.amount();
            if (config.badGatewayOutcomes().contains(outcome)) {
                bad += inc.amount();
                evidence.add(inc.start());
                evidence.add(inc.end());
            }
        }
        if (total <= 0) {
            return Optional.empty();
        }
        return Optional.of(new SloWindow("availability", w.toSeconds(), Math.min(1, bad / total),
                config.slo().availability(), total, from.toEpochMilli(), evidence));
    }

    private Optional<SloWindow> latency(List<SeriesIncrease> buckets, List<SeriesIncrease> counts, long fresh,
                                        Duration w, Instant from) {
        double good = 0;
        boolean thresholdFound = false;
        List<Sample> evidence = new ArrayList<>();
        for (SeriesIncrease b : buckets) {
            if (b.end().time().toEpochMilli() >= fresh
                    && Math.abs(HistogramQuantile.bound(b.label("le")) - config.slo().latencyThresholdSeconds()) < 1e-9) {
                thresholdFound = true;
                good += b.amount();
                evidence.add(b.start());
                evidence.add(b.end());
            }
        }
        double total = 0;
        for (SeriesIncrease c : counts) {
            if (c.end().time().toEpochMilli() >= fresh) {
                total += c.amount();
                evidence.add(c.start());
                evidence.add(c.end());
            }
        }
        if (total <= 0 || !thresholdFound) {
            return Optional.empty(); // no traffic, or no bucket at the threshold to measure it with
        }
        return Optional.of(new SloWindow("latency", w.toSeconds(), Math.max(0, Math.min(1, 1 - good / total)),
                config.slo().latency(), total, from.toEpochMilli(), evidence));
    }

    private static Map<String, List<SeriesIncrease>> byNode(List<SeriesIncrease> incs, long fresh) {
        Map<String, List<SeriesIncrease>> out = new TreeMap<>();
        for (SeriesIncrease inc : incs) {
            if (inc.end().time().toEpochMilli() >= fresh) {
                out.computeIfAbsent(inc.node(), n -> new ArrayList<>()).add(inc);
            }
        }
        return out;
    }
}

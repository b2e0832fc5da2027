package dev.hearth.rules.fleet;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.NodeState;
import dev.hearth.model.Sample;
import dev.hearth.rules.FactSource;
import dev.hearth.rules.facts.ClusterLoad;
import dev.hearth.rules.facts.EvaluationTime;
import dev.hearth.rules.facts.GpuEvent;
import dev.hearth.rules.facts.NodeStatus;
import dev.hearth.rules.facts.SeriesWindow;
import dev.hearth.rules.facts.ServiceStats;
import dev.hearth.rules.facts.ShardReplicas;
import dev.hearth.rules.facts.SourceHealth;
import dev.hearth.rules.history.CounterIncrease;
import dev.hearth.rules.history.MetricHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The facts of the whole fleet as of one instant, read from the metric history and the fleet's state:
 * series windows, throttle spells, source health, GPU events, service statistics, SLO windows,
 * cluster load, shard replicas, node statuses, and the configured policies. Reads nothing later than
 * the instant asked for, so replaying a history evaluates it the same way.
 *
 * <p>A sample whose value is NaN or infinite is skipped, counted and logged: one bad reading must not
 * stop the evaluation of the whole fleet.
 */
public final class FleetFacts implements FactSource {
    private static final System.Logger LOG = System.getLogger(FleetFacts.class.getName());
    private static final String SCRAPE_UP = MetricCatalogue.SCRAPE_UP.name();
    private static final String THROTTLE = MetricCatalogue.GPU_THROTTLE.name();
    private static final String XID = MetricCatalogue.GPU_XID_EVENTS.name();
    private static final String UTILISATION = MetricCatalogue.GPU_UTILIZATION.name();
    private static final String WAITING = MetricCatalogue.NODE_WAITING_REQUESTS.name();

    private final MetricHistory history;
    private final FleetState fleet;
    private final FleetFactsConfig config;
    private final TrafficFacts traffic;
    private final AtomicLong skipped = new AtomicLong();

    public FleetFacts(MetricHistory history, FleetState fleet, FleetFactsConfig config) {
        this.history = Objects.requireNonNull(history, "history");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.config = Objects.requireNonNull(config, "config");
        this.traffic = new TrafficFacts(history, config);
    }

    /** Samples skipped so far because their value was NaN or infinite, or their labels unreadable. */
    public long skippedSamples() {
        return skipped.get();
    }

    @Override
    public List<Object> facts(Instant at) {
        Objects.requireNonNull(at, "at");
        long staleness = config.staleness().toMillis();
        FleetSnapshot snapshot = fleet.stateAt(at);
        List<Object> facts = new ArrayList<>();
        facts.add(new EvaluationTime(at.toEpochMilli()));
        facts.add(config.power());
        facts.addAll(config.xidPolicies());
        facts.addAll(snapshot.nodes());

        List<SeriesWindow> windows = windows(at, staleness);
        facts.addAll(windows);
        for (List<Sample> series : bySeries(read(Set.of(THROTTLE), at.minus(config.spellLookback()), at)).values()) {
            facts.addAll(SeriesFacts.spells(series, at, staleness));
        }
        Map<String, SourceHealth> nodeSources = new HashMap<>();
        for (List<Sample> series : bySeries(read(Set.of(SCRAPE_UP), at.minus(config.sourceLookback()), at)).values()) {
            SourceHealth health = SeriesFacts.sourceHealth(series, at, staleness);
            facts.add(health);
            if ("node".equals(health.source())) {
                nodeSources.put(health.node(), health);
            }
        }
        facts.addAll(gpuEvents(at));

        Map<String, SeriesWindow> queues = new HashMap<>();
        windows.stream().filter(w -> w.metric().equals(WAITING) && w.complete()).forEach(w -> queues.merge(w.node(), w,
                (a, b) -> a.min() >= b.min() ? a : b));
        List<ServiceStats> stats = traffic.serviceStats(at, queues);
        facts.addAll(stats);
        traffic.fleetLatency(stats, snapshot.nodes()).ifPresent(facts::add);
        facts.addAll(traffic.sloWindows(at));
        clusterLoad(at, windows, snapshot.nodes()).ifPresent(facts::add);
        facts.addAll(shardReplicas(at, snapshot, nodeSources));
        return facts;
    }

    private List<SeriesWindow> windows(Instant at, long staleness) {
        Map<String, Duration> longest = new LinkedHashMap<>();
        for (WindowSpec spec : config.windows()) {
            longest.merge(spec.metric(), spec.window(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        Duration maxWindow = longest.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
        Map<String, List<Sample>> series = bySeries(read(longest.keySet(),
                at.minus(maxWindow).minus(config.staleness()), at));
        List<SeriesWindow> windows = new ArrayList<>();
        for (List<Sample> one : series.values()) {
            Sample any = one.get(0);
            for (WindowSpec spec : config.windows()) {
                if (spec.metric().equals(any.metric()) && spec.matches(any.labels())) {
                    long start = at.minus(spec.window()).minus(config.staleness()).toEpochMilli();
                    List<Sample> inWindow = one.stream().filter(s -> s.time().toEpochMilli() >= start).toList();
                    SeriesFacts.window(inWindow, spec, at, staleness).ifPresent(windows::add);
                }
            }
        }
        return windows;
    }

    private List<GpuEvent> gpuEvents(Instant at) {
        List<GpuEvent> events = new ArrayList<>();
        for (CounterIncrease inc : history.counterIncreases(XID, at.minus(config.eventLookback()), at)) {
            Sample s = inc.sample();
            int xid;
            try {
                xid = Integer.parseInt(s.label("xid"));
            } catch (NumberFormatException e) {
                skip(s, "its xid label '" + s.label("xid") + "' is not a number");
                continue;
            }
            long count = Math.max(1, Math.round(inc.amount()));
            for (long i = 0; i < count; i++) {
                events.add(new GpuEvent(s.node(), s.label("pci_bus_id"), xid, s.time().toEpochMilli(), s.labels(),
                        s.value()));
            }
        }
        return events;
    }

    private Optional<ClusterLoad> clusterLoad(Instant at, List<SeriesWindow> windows, List<NodeStatus> nodes) {
        Set<String> isolated = new HashSet<>();
        nodes.stream().filter(n -> n.state() == NodeState.ISOLATED).forEach(n -> isolated.add(n.node()));
        long seconds = config.loadWindow().toSeconds();
        Map<String, Double> perNode = new HashMap<>();
        for (SeriesWindow w : windows) {
            if (w.metric().equals(UTILISATION) && w.windowSeconds() == seconds && w.complete()
                    && !isolated.contains(w.node())) {
                perNode.merge(w.node(), w.mean(), Math::max);
            }
        }
        if (perNode.isEmpty()) {
            return Optional.empty();
        }
        double mean = perNode.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return Optional.of(new ClusterLoad(Math.max(0, Math.min(1, mean)), perNode.size(), seconds,
                at.minus(config.loadWindow()).toEpochMilli()));
    }

    private List<ShardReplicas> shardReplicas(Instant at, FleetSnapshot snapshot, Map<String, SourceHealth> sources) {
        Map<String, NodeState> states = new HashMap<>();
        snapshot.nodes().forEach(n -> states.put(n.node(), n.state()));
        long lostAfter = config.nodeLostAfter().toSeconds();
        List<ShardReplicas> out = new ArrayList<>();
        for (ShardAssignment shard : snapshot.shards()) {
            List<String> lost = new ArrayList<>();
            for (String node : shard.nodes()) {
                SourceHealth health = sources.get(node);
                boolean unreachable = health != null && health.fresh() && !health.up()
                        && health.downSeconds() >= lostAfter;
                if (states.get(node) != NodeState.SERVING || unreachable) {
                    lost.add(node);
                }
            }
            out.add(new ShardReplicas(shard.shard(), shard.nodes().size() - lost.size(), shard.needed(), lost,
                    at.toEpochMilli()));
        }
        return out;
    }

    /** Finite samples of the metrics in {@code [from, at]}; the rest are skipped and counted. */
    private List<Sample> read(Set<String> metrics, Instant from, Instant at) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : history.samples(metrics, from, at)) {
            if (s.time().isAfter(at)) {
                continue; // a history that returns later samples must not let the future in
            }
            if (Double.isFinite(s.value())) {
                out.add(s);
            } else {
                skip(s, "its value is " + s.value());
            }
        }
        return out;
    }

    private void skip(Sample s, String reason) {
        skipped.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "skipped sample {0}{1} of node {2} at {3}: {4}",
                s.metric(), s.labels(), s.node(), s.time(), reason);
    }

    private static Map<String, List<Sample>> bySeries(List<Sample> samples) {
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        for (Sample s : samples) {
            out.computeIfAbsent(SeriesFacts.seriesKey(s), k -> new ArrayList<>()).add(s);
        }
        out.values().forEach(l -> l.sort(Comparator.comparing(Sample::time)));
        return out;
    }
}

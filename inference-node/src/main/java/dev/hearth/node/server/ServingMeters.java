package dev.hearth.node.server;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import dev.hearth.node.serving.BatchScheduler;
import dev.hearth.node.serving.SchedulerStats;
import dev.hearth.node.model.RoutingCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The serving meters of one node, registered from the metric catalogue: time to first token,
 * inter-token latency and queue time (with the 0.6 s SLO bucket), the scheduler's gauges and FLOPs,
 * and the per-household counters and gauges.
 */
final class ServingMeters {
    final Timer timeToFirstToken;
    final Timer interTokenLatency;
    final Timer queueTime;
    private final String nodeId;
    private final MeterRegistry registry;
    private final BatchScheduler scheduler;
    /** Households whose scheduler meters are registered: registering looks the meter up, so once each. */
    private final Set<String> households = ConcurrentHashMap.newKeySet();

    ServingMeters(String nodeId, MeterRegistry registry, BatchScheduler scheduler, RoutingCounts routing, int layers) {
        this.nodeId = nodeId;
        this.registry = registry;
        this.scheduler = scheduler;
        Supplier<SchedulerStats> stats = scheduler::stats;
        this.timeToFirstToken = timer(MetricCatalogue.NODE_TIME_TO_FIRST_TOKEN);
        this.interTokenLatency = timer(MetricCatalogue.NODE_INTER_TOKEN_LATENCY);
        this.queueTime = timer(MetricCatalogue.NODE_QUEUE_TIME);
        gauge(MetricCatalogue.NODE_RUNNING_REQUESTS, stats, SchedulerStats::running);
        gauge(MetricCatalogue.NODE_WAITING_REQUESTS, stats, SchedulerStats::waiting);
        gauge(MetricCatalogue.NODE_KV_USAGE, stats, SchedulerStats::kvUsageRatio);
        gauge(MetricCatalogue.NODE_BATCH_SIZE, stats, SchedulerStats::lastBatchSize);
        // the node holds the scheduler for its whole life, so the meter's weak reference to it never clears early
        FunctionCounter.builder(MetricCatalogue.NODE_FLOPS.meterName(), scheduler, BatchScheduler::flops)
                .description(MetricCatalogue.NODE_FLOPS.help()).tag("node", nodeId).register(registry);
        for (int layer = routing.firstMoeLayer(); layer < layers; layer++) {
            for (int expert = 0; expert < routing.experts(); expert++) {
                int l = layer;
                int e = expert;
                FunctionCounter.builder(MetricCatalogue.EXPERT_TOKENS.meterName(), routing, r -> r.get(l, e))
                        .description(MetricCatalogue.EXPERT_TOKENS.help()).tag("node", nodeId)
                        .tag("layer", Integer.toString(l)).tag("expert", Integer.toString(e)).register(registry);
            }
        }
    }

    /**
     * Registers the household's KV-block gauge and its batch-slot, engine-time and held-time counters,
     * which read the scheduler's own tallies; call it before the household's request reaches the
     * scheduler, so the series exist while it runs (the gauge then stays, reading 0, once the
     * household's requests are done).
     */
    void household(String household) {
        if (!households.add(household)) {
            return;
        }
        Gauge.builder(MetricCatalogue.HOUSEHOLD_KV_BLOCKS.meterName(), scheduler, s -> s.kvBlocksOf(household))
                .description(MetricCatalogue.HOUSEHOLD_KV_BLOCKS.help())
                .tag("node", nodeId).tag("household", household).register(registry);
        householdCounter(MetricCatalogue.HOUSEHOLD_BATCH_SLOTS, household, s -> s.batchSlotsOf(household));
        householdCounter(MetricCatalogue.HOUSEHOLD_ENGINE_SECONDS, household, s -> s.engineSecondsOf(household));
        householdCounter(MetricCatalogue.HOUSEHOLD_HELD_SECONDS, household, s -> s.heldSecondsOf(household));
    }

    /** A counter of the household that reads one of the scheduler's own tallies. */
    private void householdCounter(MetricSpec spec, String household, ToDoubleFunction<BatchScheduler> tally) {
        FunctionCounter.builder(spec.meterName(), scheduler, tally).description(spec.help())
                .tag("node", nodeId).tag("household", household).register(registry);
    }

    Counter householdRequests(String household, String outcome) {
        return Counter.builder(MetricCatalogue.HOUSEHOLD_REQUESTS.meterName())
                .description(MetricCatalogue.HOUSEHOLD_REQUESTS.help())
                .tag("node", nodeId).tag("household", household).tag("outcome", outcome).register(registry);
    }

    Counter householdTokens(String household, String direction) {
        return Counter.builder(MetricCatalogue.HOUSEHOLD_TOKENS.meterName())
                .description(MetricCatalogue.HOUSEHOLD_TOKENS.help())
                .tag("node", nodeId).tag("household", household).tag("direction", direction).register(registry);
    }

    private Timer timer(MetricSpec spec) {
        return Timer.builder(spec.meterName()).description(spec.help()).tag("node", nodeId)
                .serviceLevelObjectives(InferenceNode.LATENCY_BUCKETS).register(registry);
    }

    private void gauge(MetricSpec spec, Supplier<SchedulerStats> stats, ToDoubleFunction<SchedulerStats> value) {
        // strong: the supplier is a method reference nothing else holds, and a weak gauge would read NaN
        Gauge.builder(spec.meterName(), stats, s -> value.applyAsDouble(s.get())).description(spec.help()).strongReference(true)
                .tag("node", nodeId).register(registry);
    }
}

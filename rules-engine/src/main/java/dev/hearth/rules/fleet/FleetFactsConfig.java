package dev.hearth.rules.fleet;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.rules.facts.PowerPolicy;
import dev.hearth.rules.facts.XidPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Windows and thresholds fact loading works with.
 *
 * @param staleness      a newest sample older than this says nothing about now; also how far before a window's
 *                       start its oldest sample may lie (three collection intervals of 5 s)
 * @param windows        the series windows built each evaluation
 * @param spellLookback  how far back throttle spells are traced (correlation looks 10 min behind an Xid)
 * @param sourceLookback how far back scrape results are read to time an outage
 * @param eventLookback  how far back Xid events are read (the replacement policy counts 7 days)
 * @param serviceWindow  window of the per-node service statistics
 * @param queueLimit     waiting requests that count as a saturated queue
 * @param minRequests    requests a node must have served in the window for its latency to be compared
 * @param sloWindows     the windows SLO burn rates are measured over
 * @param errorOutcomes  node request outcomes that are the node's failures
 * @param excludedOutcomes node request outcomes that say nothing about the node (the client's fault)
 * @param badGatewayOutcomes gateway outcomes that spend the availability error budget
 * @param excludedGatewayOutcomes gateway outcomes left out of the availability SLO
 * @param loadWindow     window of the cluster load the power policy reads
 * @param nodeLostAfter  a node unreachable this long no longer counts as a shard replica
 */
public record FleetFactsConfig(Duration staleness, List<WindowSpec> windows, Duration spellLookback,
                               Duration sourceLookback, Duration eventLookback, Duration serviceWindow,
                               double queueLimit, double minRequests, List<Duration> sloWindows, SloSpec slo,
                               Set<String> errorOutcomes, Set<String> excludedOutcomes,
                               Set<String> badGatewayOutcomes, Set<String> excludedGatewayOutcomes,
                               Duration loadWindow, PowerPolicy power, Duration nodeLostAfter,
                               List<XidPolicy> xidPolicies) {
    public FleetFactsConfig {
        for (Duration d : List.of(Objects.requireNonNull(staleness, "staleness"),
                Objects.requireNonNull(spellLookback, "spellLookback"),
                Objects.requireNonNull(sourceLookback, "sourceLookback"),
                Objects.requireNonNull(eventLookback, "eventLookback"),
                Objects.requireNonNull(serviceWindow, "serviceWindow"),
                Objects.requireNonNull(loadWindow, "loadWindow"),
                Objects.requireNonNull(nodeLostAfter, "nodeLostAfter"))) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("fact loading durations must be positive, got " + d);
            }
        }
        windows = List.copyOf(windows);
        sloWindows = List.copyOf(sloWindows);
        Objects.requireNonNull(slo, "slo");
        errorOutcomes = Set.copyOf(errorOutcomes);
        excludedOutcomes = Set.copyOf(excludedOutcomes);
        badGatewayOutcomes = Set.copyOf(badGatewayOutcomes);
        excludedGatewayOutcomes = Set.copyOf(excludedGatewayOutcomes);
        Objects.requireNonNull(power, "power");
        xidPolicies = List.copyOf(xidPolicies);
        if (!(queueLimit > 0) || !(minRequests >= 0)) {
            throw new IllegalArgumentException("queue limit " + queueLimit + " must be positive and minimum requests "
                    + minRequests + " at least 0");
        }
    }

    /** The windows and thresholds the built-in rule pack is written for. */
    public static FleetFactsConfig defaults() {
        String temp = MetricCatalogue.BMC_TEMPERATURE.name();
        return new FleetFactsConfig(Duration.ofSeconds(15),
                List.of(new WindowSpec(temp, Duration.ofSeconds(30), Map.of("physical_context", "GPU")),
                        new WindowSpec(temp, Duration.ofMinutes(2), Map.of("physical_context", "Intake")),
                        new WindowSpec(MetricCatalogue.GPU_TEMPERATURE.name(), Duration.ofSeconds(30), Map.of()),
                        new WindowSpec(MetricCatalogue.BMC_FAN_SPEED.name(), Duration.ofSeconds(60), Map.of()),
                        new WindowSpec(MetricCatalogue.BMC_POWER_SUPPLY_INPUT.name(), Duration.ofSeconds(30), Map.of()),
                        new WindowSpec(MetricCatalogue.GPU_UTILIZATION.name(), Duration.ofMinutes(5),
                                Map.of("engine", "gpu")),
                        new WindowSpec(MetricCatalogue.NODE_WAITING_REQUESTS.name(), Duration.ofMinutes(5), Map.of())),
                Duration.ofMinutes(20), Duration.ofMinutes(15), Duration.ofDays(7), Duration.ofMinutes(5),
                32, 20,
                List.of(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6),
                        Duration.ofDays(3)),
                SloSpec.defaults(), Set.of("error"), Set.of("invalid", "cancelled"),
                Set.of("unavailable", "failed"), Set.of("client_error", "cancelled"),
                Duration.ofMinutes(5), PowerPolicy.defaults(), Duration.ofSeconds(60), XidPolicies.turingGeForce());
    }

    public FleetFactsConfig withPower(PowerPolicy policy) {
        return new FleetFactsConfig(staleness, windows, spellLookback, sourceLookback, eventLookback, serviceWindow,
                queueLimit, minRequests, sloWindows, slo, errorOutcomes, excludedOutcomes, badGatewayOutcomes,
                excludedGatewayOutcomes, loadWindow, policy, nodeLostAfter, xidPolicies);
    }

    public FleetFactsConfig withQueueLimit(double limit) {
        return new FleetFactsConfig(staleness, windows, spellLookback, sourceLookback, eventLookback, serviceWindow,
                limit, minRequests, sloWindows, slo, errorOutcomes, excludedOutcomes, badGatewayOutcomes,
                excludedGatewayOutcomes, loadWindow, power, nodeLostAfter, xidPolicies);
    }

    public FleetFactsConfig withSlo(SloSpec spec) {
        return new FleetFactsConfig(staleness, windows, spellLookback, sourceLookback, eventLookback, serviceWindow,
                queueLimit, minRequests, sloWindows, spec, errorOutcomes, excludedOutcomes, badGatewayOutcomes,
                excludedGatewayOutcomes, loadWindow, power, nodeLostAfter, xidPolicies);
    }
}

package dev.hearth.collector;

import dev.hearth.model.MetricCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collector's meters per target, a source kind on one node: how long each scrape took and why
 * scrapes failed. Every series is registered up front, so that a rate is defined from the first scrape
 * on rather than from a target's first failure.
 */
final class ScrapeMetrics {
    /**
     * Few buckets on purpose: these series are per node, and a fleet has a thousand. The upper ones
     * match the scrape timeouts in use (a fraction of the interval, at least 0.5 s).
     */
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final Map<Target, Meters> byTarget = new ConcurrentHashMap<>();

    private final MeterRegistry registry;

    ScrapeMetrics(MeterRegistry registry, List<Source> sources) {
        this.registry = registry;
        sources.forEach(this::add);
    }

    void add(Source source) {
        byTarget.computeIfAbsent(new Target(source.kind(), source.node()), t -> register(registry, t));
    }

    void scraped(Source source, Duration took) {
        meters(source).duration().record(took);
    }

    void failed(Source source, ScrapeErrorReason reason) {
        meters(source).failures().get(reason).increment();
    }

    private Meters meters(Source source) {
        return byTarget.get(new Target(source.kind(), source.node()));
    }

    private static Meters register(MeterRegistry registry, Target target) {
        Timer duration = Timer.builder(MetricCatalogue.COLLECTOR_SCRAPE_DURATION.meterName())
                .description(MetricCatalogue.COLLECTOR_SCRAPE_DURATION.help())
                .tag("source", target.kind()).tag("node", target.node())
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        Map<ScrapeErrorReason, Counter> failures = new EnumMap<>(ScrapeErrorReason.class);
        for (ScrapeErrorReason reason : ScrapeErrorReason.values()) {
            failures.put(reason, Counter.builder(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.meterName())
                    .description(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.help())
                    .tag("source", target.kind()).tag("node", target.node()).tag("reason", reason.label())
                    .register(registry));
        }
        return new Meters(duration, failures);
    }

    private record Target(String kind, String node) {
    }

    private record Meters(Timer duration, Map<ScrapeErrorReason, Counter> failures) {
    }
}

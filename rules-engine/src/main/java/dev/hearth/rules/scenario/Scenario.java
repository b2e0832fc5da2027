package dev.hearth.rules.scenario;

import dev.hearth.model.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rule scenario: a fleet, a timeline of samples, and what the findings must be at given times.
 * The format is described in {@code rules-engine/SCENARIOS.md}.
 *
 * @param interval how often the rules are evaluated (and the default spacing of repeated samples)
 * @param duration how long to run; defaults to the last expectation's time
 */
public record Scenario(String name, Instant start, Duration interval, Duration duration, ScenarioFleet fleet,
                       ScenarioSettings config, List<TimelineEntry> samples, List<Expectation> expect) {
    static final Instant DEFAULT_START = Instant.parse("2026-11-28T10:00:00Z");

    public Scenario {
        Objects.requireNonNull(name, "a scenario needs a name saying what it shows");
        start = start == null ? DEFAULT_START : start;
        interval = interval == null ? Duration.ofSeconds(5) : interval;
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval " + interval + " must be positive, e.g. 5s");
        }
        fleet = fleet == null ? ScenarioFleet.empty() : fleet;
        config = config == null ? ScenarioSettings.none() : config;
        samples = samples == null ? List.of() : List.copyOf(samples);
        if (expect == null || expect.isEmpty()) {
            throw new IllegalArgumentException("scenario '" + name + "' expects nothing; add an 'expect' list");
        }
        expect = expect.stream().sorted(Comparator.comparing(Expectation::at)).toList();
        Duration last = expect.get(expect.size() - 1).at();
        duration = duration == null || duration.compareTo(last) < 0 ? last : duration;
    }

    /**
     * Every sample of the timeline, oldest first. A later entry replaces an earlier one's sample of the
     * same series at the same time, so a file can write a steady value and then the exceptions to it.
     */
    List<Sample> timeline() {
        Map<String, Sample> byKey = new LinkedHashMap<>();
        for (TimelineEntry e : samples) {
            for (Sample s : e.samples(start, interval)) {
                byKey.put(s.node() + "/" + s.metric() + s.labels() + "@" + s.time(), s);
            }
        }
        List<Sample> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparing(Sample::time));
        return out;
    }
}

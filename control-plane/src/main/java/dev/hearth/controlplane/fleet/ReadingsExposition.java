package dev.hearth.controlplane.fleet;

import dev.hearth.collector.query.MetricQueries;
import dev.hearth.collector.query.SeriesSample;
import dev.hearth.collector.query.SeriesSelector;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The collected hardware readings in the Prometheus text format 0.0.4, so that Prometheus can scrape
 * what the collector stored: every BMC and GPU series of the catalogue, and the collector's scrape
 * health per source ({@code hearth_scrape_up}, {@code hearth_scrape_duration_seconds}).
 *
 * <p>Each series shows its newest reading with the labels it was stored with, the node as
 * {@code node} and the topology labels ({@code household}, {@code building}, {@code spine}) among
 * them. A reading {@value #STALE_AFTER_INTERVALS} collection intervals old or older is left out, so
 * a source that stopped answering makes its series vanish and Prometheus marks them stale, instead
 * of repeating a value nobody read. Samples carry no timestamp for the same reason: Prometheus only
 * marks a series stale on its disappearance when the exposition leaves timestamps to the scrape.
 */
public final class ReadingsExposition {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Readings this many collection intervals old are stale: two missed collections are tolerated. */
    public static final int STALE_AFTER_INTERVALS = 3;
    /** The stored series exposed here, in catalogue order: BMC, GPU, then scrape health. */
    static final List<MetricSpec> EXPOSED = MetricCatalogue.all().stream()
            .filter(spec -> spec.name().startsWith("hearth_bmc_") || spec.name().startsWith("hearth_gpu_")
                    || spec.equals(MetricCatalogue.SCRAPE_UP) || spec.equals(MetricCatalogue.SCRAPE_DURATION))
            .toList();
    private static final String NODE = "node";
    private static final Comparator<SeriesSample> BY_SERIES = Comparator.comparing(SeriesSample::series);

    private final NewestReadings store;
    private final Clock clock;
    private final Duration maxAge;

    /**
     * @param collectionInterval how often the collector reads every source; readings
     *                           {@value #STALE_AFTER_INTERVALS} times that old are left out
     */
    public ReadingsExposition(NewestReadings store, Clock clock, Duration collectionInterval) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(collectionInterval, "collectionInterval");
        if (collectionInterval.isNegative() || collectionInterval.isZero()) {
            throw new IllegalArgumentException("the collection interval " + collectionInterval + " is not positive;"
                    + " pass how often the collector reads its sources, e.g. 2 s");
        }
        this.maxAge = collectionInterval.multipliedBy(STALE_AFTER_INTERVALS);
    }

    /** The readings of the metric store {@code queries} reads, every series of each exposed metric. */
    public static ReadingsExposition of(MetricQueries queries, Clock clock, Duration collectionInterval) {
        Objects.requireNonNull(queries, "queries");
        return new ReadingsExposition((metric, at, lookback) -> queries.latest(SeriesSelector.metric(metric), at,
                lookback), clock, collectionInterval);
    }

    /**
     * The exposition as of now: {@code # HELP} and {@code # TYPE} once per metric that has a fresh
     * reading, then one line per series.
     *
     * @throws dev.hearth.collector.StoreUnavailableException when the store cannot be read
     */
    public String render() {
        Instant now = clock.instant();
        Instant oldest = now.minus(maxAge);
        StringBuilder text = new StringBuilder();
        for (MetricSpec spec : EXPOSED) {
            List<SeriesSample> fresh = new ArrayList<>();
            for (SeriesSample reading : store.newest(spec.name(), now, maxAge)) {
                // the store is asked for this window already; checked here too, so staleness is this class's rule
                if (reading.time().isAfter(oldest) && !reading.time().isAfter(now)) {
                    fresh.add(reading);
                }
            }
            if (fresh.isEmpty()) {
                continue;
            }
            fresh.sort(BY_SERIES);
            text.append("# HELP ").append(spec.name()).append(' ').append(escapeHelp(spec.help())).append('\n');
            text.append("# TYPE ").append(spec.name()).append(' ').append(type(spec)).append('\n');
            for (SeriesSample reading : fresh) {
                line(text, spec.name(), reading);
            }
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String name, SeriesSample reading) {
        Map<String, String> labels = new TreeMap<>(reading.series().labels());
        String stored = labels.put(NODE, reading.series().node());
        if (stored != null) {
            // a stored label named like the node label keeps its value under another name, as the collector does
            String exported = "exported_" + NODE;
            while (labels.containsKey(exported)) {
                exported = "exported_" + exported;
            }
            labels.put(exported, stored);
        }
        text.append(name).append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) {
                text.append(',');
            }
            first = false;
            text.append(label.getKey()).append("=\"").append(escapeLabelValue(label.getValue())).append('"');
        }
        text.append("} ").append(value(reading.value())).append('\n');
    }

    private static String type(MetricSpec spec) {
        return switch (spec.type()) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case HISTOGRAM -> "histogram";
        };
    }

    /** Backslash, double quote and line feed are escaped in a label value (text format 0.0.4). */
    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Backslash and line feed are escaped in help text. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Go's float syntax, which Prometheus parses: {@code NaN}, {@code +Inf}, {@code -Inf}, else Java's decimal. */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(v);
    }
}

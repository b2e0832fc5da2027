package dev.hearth.rules.facts;

import dev.hearth.model.Sample;

import java.util.List;

/**
 * Whether the collector reaches one source of a node ({@code node}, {@code bmc}, {@code gpu},
 * {@code xid}), from its {@code hearth_scrape_up} samples.
 *
 * @param up          the newest scrape succeeded
 * @param fresh       the newest scrape result is recent; when it is not, nothing is known about the source
 *                    (the collector itself may be down) and rules must not act on it
 * @param downSeconds how long the source has failed without a success in between; 0 when up
 * @param sinceMillis the first failed scrape of the current outage, or the newest success when up
 * @param samples     the first failed and the newest scrape results (the newest alone when up)
 */
public record SourceHealth(String node, String source, boolean up, boolean fresh, long downSeconds, long sinceMillis,
                           List<Sample> samples) implements Evidence {
    public SourceHealth {
        FactChecks.text(node, "a source health fact", "node");
        FactChecks.text(source, "source health of node " + node, "source");
        FactChecks.notNegative(downSeconds, "source health of " + source + " on node " + node, "downSeconds");
        samples = List.copyOf(samples);
    }
}

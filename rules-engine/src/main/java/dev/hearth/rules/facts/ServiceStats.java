package dev.hearth.rules.facts;

import dev.hearth.model.Sample;

import java.util.List;

/**
 * How one inference node served requests over the last {@code windowSeconds}.
 *
 * @param p99Seconds  99th percentile of request duration, from the histogram's buckets; 0 without observations
 * @param errorRatio  requests that failed on the node's side, as a share of those it was asked to serve
 * @param queueDepth  the fewest requests waiting for the batch at any sample in the window: a queue that
 *                    never drained below the limit is saturated, one busy instant is not
 * @param queueLimit  the queue depth that counts as saturated (configured)
 * @param requests    requests counted in the window
 */
public record ServiceStats(String node, long windowSeconds, double p99Seconds, double errorRatio, double queueDepth,
                           double queueLimit, double requests, long sinceMillis, List<Sample> samples)
        implements Evidence {
    public ServiceStats {
        String fact = "service stats of node " + node;
        FactChecks.text(node, "service stats", "node");
        FactChecks.finite(p99Seconds, fact, "p99Seconds");
        FactChecks.ratio(errorRatio, fact, "errorRatio");
        FactChecks.finite(queueDepth, fact, "queueDepth");
        FactChecks.finite(queueLimit, fact, "queueLimit");
        FactChecks.finite(requests, fact, "requests");
        samples = List.copyOf(samples);
    }
}

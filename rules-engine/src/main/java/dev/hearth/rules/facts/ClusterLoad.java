package dev.hearth.rules.facts;

import dev.hearth.model.Sample;

import java.util.List;

/**
 * How busy the fleet's GPUs are: the mean GPU utilisation of serving nodes over a window.
 *
 * @param nodes how many nodes the mean is taken over
 */
public record ClusterLoad(double utilisation, int nodes, long windowSeconds, long sinceMillis) implements Evidence {
    public ClusterLoad {
        FactChecks.ratio(utilisation, "cluster load", "utilisation");
        FactChecks.notNegative(nodes, "cluster load", "nodes");
    }

    @Override
    public List<Sample> samples() {
        return List.of();
    }
}

package dev.hearth.rules.facts;

import dev.hearth.model.Sample;

import java.util.List;

/**
 * How many replicas of one model shard are serving.
 *
 * @param serving     replicas on nodes that are routed to and reachable
 * @param needed      replicas the load needs (N); the fleet keeps N + 2 so that two losses are survivable
 * @param lost        nodes holding a replica that do not serve it now
 * @param sinceMillis when this state was read
 */
public record ShardReplicas(String shard, int serving, int needed, List<String> lost, long sinceMillis)
        implements Evidence {
    public ShardReplicas {
        FactChecks.text(shard, "shard replicas", "shard");
        FactChecks.notNegative(serving, "replicas of shard " + shard, "serving");
        if (needed < 1) {
            throw new IllegalArgumentException("shard " + shard + " needs " + needed
                    + " replicas; at least 1 is needed to serve the model");
        }
        lost = List.copyOf(lost);
    }

    /** N + 2. */
    public int getRequired() {
        return needed + 2;
    }

    @Override
    public List<Sample> samples() {
        return List.of();
    }
}

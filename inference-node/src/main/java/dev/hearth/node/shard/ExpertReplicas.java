package dev.hearth.node.shard;

import dev.hearth.node.model.RemoteExperts;
import dev.hearth.node.shard.StageUnavailableException.Reason;
import java.util.List;

/**
 * The nodes holding one group of routed experts, tried in order: an expert keeps no state between
 * calls, so when a node stops answering the same rows simply go to the next replica, and the step
 * goes on with the same outputs.
 */
public final class ExpertReplicas implements RemoteExperts {
    private final List<RemoteExperts> replicas;
    private int current;

    public ExpertReplicas(List<RemoteExperts> replicas) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("an expert group needs at least one node holding it");
        }
        this.replicas = List.copyOf(replicas);
    }

    @Override
    public List<float[]> run(int layer, int[] experts, List<float[]> inputs, int[] rows) {
        while (true) {
            RemoteExperts replica;
            synchronized (this) {
                replica = replicas.get(current);
            }
            try {
                return replica.run(layer, experts, inputs, rows);
            } catch (StageUnavailableException e) {
                synchronized (this) {
                    if (e.reason() != Reason.UNREACHABLE || current + 1 >= replicas.size()) {
                        throw e;
                    }
                    if (replicas.get(current) == replica) {
                        current++; // the next replica takes over for good
                    }
                }
            }
        }
    }
}

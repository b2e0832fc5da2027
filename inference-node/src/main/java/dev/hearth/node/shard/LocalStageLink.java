package dev.hearth.node.shard;

import dev.hearth.node.model.StageOutput;
import java.util.List;

/** A stage on this node: a direct call into its {@link StageHost}. */
public final class LocalStageLink implements StageLink {
    private final StageHost host;
    private final String node;

    public LocalStageLink(String node, StageHost host) {
        this.node = node;
        this.host = host;
    }

    @Override
    public StageOutput step(List<StageRequest> requests, float[] hidden) {
        return host.step(requests, hidden);
    }

    @Override
    public void release(long sequence) {
        host.release(sequence);
    }

    @Override
    public String describe() {
        return node + " (layers " + host.stage().range() + ", local)";
    }
}

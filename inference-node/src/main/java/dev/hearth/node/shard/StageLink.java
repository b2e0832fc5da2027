package dev.hearth.node.shard;

import dev.hearth.node.model.StageOutput;
import java.util.List;

/** The way to one pipeline stage, on this node or across the network. */
public interface StageLink extends AutoCloseable {

    /**
     * Runs the stage over one step.
     *
     * @param hidden the previous stage's hidden states, or null for the first stage
     * @throws StageUnavailableException when the stage cannot be reached or has lost the sequences
     */
    StageOutput step(List<StageRequest> requests, float[] hidden);

    /** Frees the stage's cache of {@code sequence}; a sequence the stage never saw is ignored. */
    void release(long sequence);

    /** A name for errors and metrics: the node and the layers. */
    String describe();

    @Override
    default void close() {
    }
}

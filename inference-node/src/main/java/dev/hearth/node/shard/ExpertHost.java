package dev.hearth.node.shard;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.ExpertSet;
import dev.hearth.node.model.Mlp;
import java.util.ArrayList;
import java.util.List;

/** Routed experts served for the stages that route tokens to them (expert parallelism). */
public final class ExpertHost {
    private final ExpertSet experts;
    private final Kernels kernels;

    public ExpertHost(ExpertSet experts, Kernels kernels) {
        this.experts = experts;
        this.kernels = kernels;
    }

    public ExpertSet experts() {
        return experts;
    }

    /**
     * Runs each expert over its rows, as the routing stage would run it itself.
     *
     * @throws IllegalArgumentException naming the expert when one is not held here or its rows do not add up
     */
    public List<float[]> run(int layer, int[] ids, List<float[]> inputs, int[] rows) {
        if (ids.length != inputs.size() || ids.length != rows.length) {
            throw new IllegalArgumentException(ids.length + " experts, " + inputs.size() + " inputs and " + rows.length
                    + " row counts: expected one of each per expert");
        }
        int hidden = experts.config().hiddenSize();
        List<float[]> outputs = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            Mlp expert = experts.expert(layer, ids[i]);
            if (expert == null) {
                throw new IllegalArgumentException("expert " + ids[i] + " of layer " + layer
                        + " is not held here; the placement sends it elsewhere");
            }
            if (rows[i] < 1 || inputs.get(i).length != rows[i] * hidden) {
                throw new IllegalArgumentException("expert " + ids[i] + " of layer " + layer + " got "
                        + inputs.get(i).length + " floats for " + rows[i] + " rows of " + hidden);
            }
            float[] out = new float[rows[i] * hidden];
            expert.apply(kernels, rows[i], inputs.get(i), out);
            outputs.add(out);
        }
        return outputs;
    }
}

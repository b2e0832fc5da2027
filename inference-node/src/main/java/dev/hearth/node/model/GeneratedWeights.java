package dev.hearth.node.model;

import dev.hearth.node.engine.F32Matrix;
import dev.hearth.node.engine.Matrix;
import java.util.HashMap;
import java.util.Map;

/**
 * A generated model held in memory as float32, without a checkpoint on disk: for tests and for the
 * local fleet's default model. Same names and shapes as a checkpoint written from the same plan.
 */
public final class GeneratedWeights implements WeightSource {
    private final Map<String, TensorSpec> specs = new HashMap<>();
    private final WeightGenerator generator;

    public GeneratedWeights(ModelConfig config, long seed) {
        for (TensorSpec s : new TensorPlan(config).tensors()) {
            specs.put(s.name(), s);
        }
        this.generator = new WeightGenerator(seed);
    }

    /** The values of any tensor, by name (also for reference implementations in tests). */
    public float[] values(String name) {
        TensorSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no tensor named " + name + " in the generated model");
        }
        return generator.values(spec);
    }

    @Override
    public Matrix matrix(String name, int rows, int cols) {
        TensorSpec spec = specs.get(name);
        if (spec == null || spec.rows() != rows || spec.cols() != cols) {
            throw new IllegalArgumentException("generated model has no " + rows + "x" + cols + " tensor " + name);
        }
        return new F32Matrix(rows, cols, generator.values(spec));
    }

    @Override
    public float[] vector(String name, int length) {
        TensorSpec spec = specs.get(name);
        if (spec == null || spec.isMatrix() || spec.rows() != length) {
            throw new IllegalArgumentException("generated model has no vector " + name + " of " + length);
        }
        return generator.values(spec);
    }

    @Override
    public boolean has(String name) {
        return specs.containsKey(name);
    }
}

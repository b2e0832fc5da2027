package dev.hearth.node.model;

import java.util.SplittableRandom;

/**
 * Deterministic values for a generated checkpoint: each tensor draws from its own random stream,
 * seeded by the checkpoint seed and the tensor's name, so a tensor's values do not depend on which
 * other tensors exist or in which order they are written. Uniform draws with the spec's standard
 * deviation (uniform keeps values bounded, which keeps quantization scales tame); norms are
 * {@code 1 ± spread}.
 */
public final class WeightGenerator {
    private final long seed;

    public WeightGenerator(long seed) {
        this.seed = seed;
    }

    public float[] values(TensorSpec spec) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + spec.name().hashCode());
        float[] out = new float[Math.toIntExact(spec.elements())];
        double half = spec.spread() * Math.sqrt(3); // uniform on [-a, a] has std a / sqrt(3)
        double centre = spec.kind() == TensorSpec.Kind.NORM ? 1 : 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (centre + (random.nextDouble() * 2 - 1) * half);
        }
        return out;
    }
}

package dev.hearth.node.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a model's weights deterministically from a seed. No trained weights can be fetched where
 * Hearth is tested, so nodes serve generated ones through the same forward pass. Projections are
 * drawn from N(0, 1/fan_in) so activations keep unit scale through the layers; norms start at 1.
 */
public final class WeightGenerator {

    public ModelWeights generate(ModelConfig c, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        int d = c.dim();
        int h = c.hiddenDim();
        float[] embedding = gaussian(root.split(), c.vocabSize() * d, 1.0);
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            SplittableRandom r = root.split();
            layers.add(new LayerWeights(ones(d),
                    gaussian(r, d * d, 1.0 / d), gaussian(r, d * d, 1.0 / d),
                    gaussian(r, d * d, 1.0 / d), gaussian(r, d * d, 1.0 / d),
                    ones(d),
                    gaussian(r, h * d, 1.0 / d), gaussian(r, h * d, 1.0 / d),
                    gaussian(r, d * h, 1.0 / h)));
        }
        float[] lmHead = gaussian(root.split(), c.vocabSize() * d, 1.0 / d);
        return new ModelWeights(c, embedding, layers, ones(d), lmHead);
    }

    private static float[] gaussian(SplittableRandom r, int n, double variance) {
        double sd = Math.sqrt(variance);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (gaussian(r) * sd);
        }
        return out;
    }

    /** Box-Muller; {@link SplittableRandom} has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static float[] ones(int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, 1f);
        return out;
    }
}

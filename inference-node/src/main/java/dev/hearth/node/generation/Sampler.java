package dev.hearth.node.generation;

import dev.hearth.node.engine.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws tokens from logits by temperature and top-p; one instance per sequence (it holds the RNG). */
public final class Sampler {
    private final SamplingParams params;
    private final SplittableRandom random;
    private final Kernels kernels;

    public Sampler(SamplingParams params, Kernels kernels) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
        this.kernels = kernels;
    }

    /** Picks the next token; may scale {@code logits} in place. */
    public int sample(float[] logits) {
        if (params.temperature() == 0) {
            return argmax(logits);
        }
        for (int i = 0; i < logits.length; i++) {
            logits[i] /= (float) params.temperature();
        }
        kernels.softmax(logits, 0, logits.length);
        return params.topP() < 1 ? sampleTopP(logits) : sampleAll(logits);
    }

    private int sampleAll(float[] probs) {
        double r = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < probs.length; i++) {
            cumulative += probs[i];
            if (r < cumulative) {
                return i;
            }
        }
        return probs.length - 1;
    }

    private int sampleTopP(float[] probs) {
        Integer[] order = new Integer[probs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(probs[b], probs[a]));
        double mass = 0;
        int keep = 0;
        while (keep < order.length && mass < params.topP()) {
            mass += probs[order[keep++]];
        }
        double r = random.nextDouble() * mass;
        double cumulative = 0;
        for (int i = 0; i < keep; i++) {
            cumulative += probs[order[i]];
            if (r < cumulative) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}

package dev.hearth.node.bench;

import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.Sequence;

/**
 * Decode and prefill speed of a loaded model at batch 1: decode feeds the greedy choice back in after
 * a short prompt; prefill runs a whole prompt through the batched path.
 */
public final class EngineBench {
    /** Decode and prefill figures; {@code decodeTokens} steps were timed after {@link #WARMUP_STEPS} untimed ones. */
    public record Speed(int decodeTokens, double decodeTokensPerSecond, int prefillTokens,
                        double prefillTokensPerSecond) {
    }

    static final int WARMUP_STEPS = 96;
    private final LanguageModel model;

    public EngineBench(LanguageModel model) {
        this.model = model;
    }

    public Speed measure(int decodeTokens, int prefillTokens) {
        // the Vector API runs slowly until the JIT has compiled its intrinsics: time only warmed-up steps
        int warmup = WARMUP_STEPS;
        int prompt = 8;
        if (prompt + warmup + decodeTokens > model.contextLength() || prefillTokens > model.contextLength()) {
            throw new IllegalArgumentException("the benchmark needs " + Math.max(prompt + warmup + decodeTokens,
                    prefillTokens) + " positions; the model's context is " + model.contextLength());
        }
        Sequence s = model.newSequence();
        float[] logits = model.prefill(s, tokens(prompt));
        for (int i = 0; i < warmup; i++) {
            logits = model.decode(s, argmax(logits));
        }
        long start = System.nanoTime();
        for (int i = 0; i < decodeTokens; i++) {
            logits = model.decode(s, argmax(logits));
        }
        double decodeSeconds = (System.nanoTime() - start) / 1e9;

        int[] promptTokens = tokens(prefillTokens);
        for (int i = 0; i < 2; i++) {
            model.prefill(model.newSequence(), promptTokens); // warm-up
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            model.prefill(model.newSequence(), promptTokens);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return new Speed(decodeTokens, decodeTokens / decodeSeconds, prefillTokens, prefillTokens / best);
    }

    private int[] tokens(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = 32 + (i * 7) % 90; // printable bytes, valid in any vocabulary of 128 or more
        }
        return t;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}

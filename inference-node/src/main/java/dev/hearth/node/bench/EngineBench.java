package dev.hearth.node.bench;

import dev.hearth.node.model.BatchEntry;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.Sequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /**
     * Aggregate decode tokens/s with {@code batch} sequences stepping together (one token each per
     * step, the weights streamed once per step), after {@code WARMUP_STEPS / 4} untimed steps.
     */
    public double batchedDecode(int batch, int steps) {
        List<Sequence> sequences = new ArrayList<>();
        List<BatchEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            Sequence s = model.newSequence();
            model.prefill(s, tokens(8 + i));
            sequences.add(s);
        }
        int[] next = new int[batch];
        Arrays.fill(next, 'a');
        long start = 0;
        int warmup = WARMUP_STEPS / 4;
        if (8 + batch + warmup + steps > model.contextLength()) {
            throw new IllegalArgumentException("the batched benchmark needs " + (8 + batch + warmup + steps)
                    + " positions; the model's context is " + model.contextLength());
        }
        for (int step = 0; step < warmup + steps; step++) {
            if (step == warmup) {
                start = System.nanoTime();
            }
            entries.clear();
            for (int i = 0; i < batch; i++) {
                entries.add(new BatchEntry(sequences.get(i), new int[] {next[i]}));
            }
            float[][] logits = model.step(entries);
            for (int i = 0; i < batch; i++) {
                next[i] = argmax(logits[i]);
            }
        }
        return (double) batch * steps / ((System.nanoTime() - start) / 1e9);
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

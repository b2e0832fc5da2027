package dev.hearth.node.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The per-row routing of an expert-parallel frame.
 *
 * <p>{@code tokens[r]} is the index, within the sender's step, of the token whose hidden state is
 * row {@code r}: only tokens routed to the receiver's experts travel, and the result comes back
 * with the same indices, so the sender adds each result to the right token without relying on
 * row order.
 *
 * <p>A dispatch frame has {@code slots ≥ 1}: row {@code r}'s experts are
 * {@code experts[r·slots, (r+1)·slots)} with router weights at the same places in {@code weights}.
 * One token can pick several of one node's experts, so each row has up to {@code slots} of them,
 * filled slots first, the rest {@code -1} with weight 0. The receiver returns
 * {@code Σ weight · expert(row)} per row in a result frame, whose routing has {@code slots = 0}.
 */
public record ExpertRouting(int[] tokens, int slots, int[] experts, float[] weights) {
    /** Marks an unused slot. */
    public static final int NO_EXPERT = -1;
    private static final int[] NO_INTS = new int[0];
    private static final float[] NO_FLOATS = new float[0];

    public ExpertRouting {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(experts, "experts");
        Objects.requireNonNull(weights, "weights");
        if (slots < 0) {
            throw new IllegalArgumentException("expert slots per row is " + slots + ", must not be negative");
        }
        long cells = (long) tokens.length * slots;
        if (experts.length != cells || weights.length != cells) {
            throw new IllegalArgumentException(tokens.length + " rows × " + slots + " slots need " + cells
                    + " expert ids and weights, got " + experts.length + " and " + weights.length);
        }
        for (int r = 0; r < tokens.length; r++) {
            if (tokens[r] < 0 || (r > 0 && tokens[r] <= tokens[r - 1])) {
                throw new IllegalArgumentException("row " + r + " has token index " + tokens[r]
                        + ": token indices must be non-negative and strictly increasing");
            }
            checkSlots(r, slots, experts, weights);
        }
    }

    private static void checkSlots(int row, int slots, int[] experts, float[] weights) {
        int base = row * slots;
        for (int s = 0; s < slots; s++) {
            int expert = experts[base + s];
            float weight = weights[base + s];
            if (expert == NO_EXPERT) {
                if (s == 0) {
                    throw new IllegalArgumentException("row " + row + " names no expert: a dispatched row needs at least one");
                }
                if (weight != 0f) {
                    throw new IllegalArgumentException("row " + row + " slot " + s + " is unused but has weight "
                            + weight + ", expected 0");
                }
                continue;
            }
            if (expert < 0) {
                throw new IllegalArgumentException("row " + row + " slot " + s + " has expert " + expert
                        + ", expected an expert index ≥ 0 or " + NO_EXPERT + " for an unused slot");
            }
            if (s > 0 && experts[base + s - 1] == NO_EXPERT) {
                throw new IllegalArgumentException("row " + row + " slot " + s + " follows an unused slot: fill slots first");
            }
            if (!Float.isFinite(weight)) {
                throw new IllegalArgumentException("row " + row + " slot " + s + " has router weight " + weight
                        + ", expected a finite number");
            }
            for (int t = 0; t < s; t++) {
                if (experts[base + t] == expert) {
                    throw new IllegalArgumentException("row " + row + " names expert " + expert + " twice");
                }
            }
        }
    }

    /** No rows: the routing of hidden-state and error frames. */
    public static ExpertRouting none() {
        return new ExpertRouting(NO_INTS, 0, NO_INTS, NO_FLOATS);
    }

    /** The routing of a result frame: token indices only. */
    public static ExpertRouting results(int[] tokens) {
        return new ExpertRouting(tokens, 0, NO_INTS, NO_FLOATS);
    }

    public int rows() {
        return tokens.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpertRouting r && r.slots == slots && Arrays.equals(r.tokens, tokens)
                && Arrays.equals(r.experts, experts) && Arrays.equals(r.weights, weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(slots, Arrays.hashCode(tokens), Arrays.hashCode(experts), Arrays.hashCode(weights));
    }

    @Override
    public String toString() {
        return "ExpertRouting[" + tokens.length + " rows × " + slots + " slots]";
    }
}

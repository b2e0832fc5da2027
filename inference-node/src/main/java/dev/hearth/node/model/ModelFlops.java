package dev.hearth.node.model;

import java.util.Objects;

/**
 * The floating-point operations a model's forward pass takes, from its config alone: two per
 * multiply-add, counting the weights a token is actually multiplied by and the attention over its
 * context. This is the architecture's count, as model-FLOPs utilisation uses it, not a trace of the
 * kernels: MLA's absorbed decode and its decompressing prefill do different work for the same
 * result, and neither changes what the model asks for.
 *
 * <p>Per token, through every layer: the attention projections (MLA: {@code q_a_proj} and
 * {@code q_b_proj}, or {@code q_proj} without a query rank; {@code kv_a_proj_with_mqa},
 * {@code kv_b_proj}, {@code o_proj}; Llama: {@code q/k/v/o_proj}), then the dense SwiGLU MLP below
 * {@code first_k_dense_replace}, or in a MoE layer the router's gate, the shared experts and the
 * {@code num_experts_per_tok} routed experts chosen. Per position a token attends to (itself and
 * every earlier one): its query-key score and the value it weighs, per head. The LM head runs once
 * per batch entry, on the entry's last token only, because the engine computes logits there alone.
 * Embedding lookups, norms, rotary and softmax are not multiplications by weights and are left out.
 *
 * @param perToken            FLOPs of one token through every layer's weights, LM head excluded
 * @param perAttendedPosition FLOPs of one token attending to one position, across every layer
 * @param lmHead              FLOPs of one row of logits
 */
public record ModelFlops(long perToken, long perAttendedPosition, long lmHead) {

    public ModelFlops {
        if (perToken < 0 || perAttendedPosition < 0 || lmHead < 0) {
            throw new IllegalArgumentException("FLOP counts cannot be negative: " + perToken + ", "
                    + perAttendedPosition + ", " + lmHead);
        }
    }

    /** The counts of {@code config}'s architecture. */
    public static ModelFlops of(ModelConfig config) {
        Objects.requireNonNull(config, "config");
        long hidden = config.hiddenSize();
        long heads = config.numAttentionHeads();
        long weights = 0;
        long attended = 0;
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            if (config.isDeepSeek()) {
                weights += mlaProjections(config);
                attended += heads * (config.qkHeadDim() + config.vHeadDim());
            } else {
                long q = heads * config.headDim();
                long kv = (long) config.numKeyValueHeads() * config.headDim();
                weights += hidden * q + 2 * hidden * kv + q * hidden;
                attended += heads * 2L * config.headDim();
            }
            if (config.isMoeLayer(layer)) {
                long expert = swiGlu(hidden, config.moeIntermediateSize());
                weights += hidden * config.nRoutedExperts()
                        + (long) config.nSharedExperts() * expert
                        + (long) config.numExpertsPerTok() * expert;
            } else {
                weights += swiGlu(hidden, config.intermediateSize());
            }
        }
        return new ModelFlops(2 * weights, 2 * attended, 2 * hidden * config.vocabSize());
    }

    /**
     * One batch entry: {@code tokens} appended at positions {@code start} to {@code start + tokens - 1},
     * each attending to every position up to its own, and logits for the last of them.
     */
    public long entry(int start, int tokens) {
        if (start < 0 || tokens < 1) {
            throw new IllegalArgumentException("a batch entry appends at least one token at a position of 0 or"
                    + " more, got " + tokens + " token(s) at " + start);
        }
        long n = tokens;
        // token t of the entry sits at start + t and attends to start + t + 1 positions
        long positions = n * start + n * (n + 1) / 2;
        return n * perToken + positions * perAttendedPosition + lmHead;
    }

    private static long mlaProjections(ModelConfig c) {
        long hidden = c.hiddenSize();
        long heads = c.numAttentionHeads();
        long query = c.qLoraRank() > 0
                ? hidden * c.qLoraRank() + (long) c.qLoraRank() * heads * c.qkHeadDim()
                : hidden * heads * c.qkHeadDim();
        long kvA = hidden * (c.kvLoraRank() + c.qkRopeHeadDim());
        long kvB = (long) c.kvLoraRank() * heads * (c.qkNopeHeadDim() + c.vHeadDim());
        long out = heads * c.vHeadDim() * hidden;
        return query + kvA + kvB + out;
    }

    /** gate_proj and up_proj (hidden to inner), down_proj (inner to hidden). */
    private static long swiGlu(long hidden, long inner) {
        return 3 * hidden * inner;
    }
}

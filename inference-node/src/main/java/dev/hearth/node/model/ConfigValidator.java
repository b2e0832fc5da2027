package dev.hearth.node.model;

import java.nio.file.Path;

/** The cross-field rules a config must satisfy before any weight is read. */
final class ConfigValidator {
    private final Path file;

    ConfigValidator(Path file) {
        this.file = file;
    }

    void check(ModelConfig c) {
        if (c.bosTokenId() >= c.vocabSize() || c.eosTokenId() >= c.vocabSize()) {
            fail("bos_token_id " + c.bosTokenId() + " / eos_token_id " + c.eosTokenId()
                    + " must be below vocab_size " + c.vocabSize());
        }
        if (c.isDeepSeek()) {
            checkDeepSeek(c);
        } else {
            checkLlama(c);
        }
    }

    private void checkDeepSeek(ModelConfig c) {
        if (c.qkRopeHeadDim() % 2 != 0) {
            fail("qk_rope_head_dim is " + c.qkRopeHeadDim() + "; rotary embeddings need an even width");
        }
        if (c.firstKDenseReplace() > c.numHiddenLayers()) {
            fail("first_k_dense_replace is " + c.firstKDenseReplace() + "; it cannot exceed num_hidden_layers "
                    + c.numHiddenLayers());
        }
        if (c.nRoutedExperts() == 0) {
            return;
        }
        if (c.nRoutedExperts() % c.nGroup() != 0) {
            fail("n_routed_experts " + c.nRoutedExperts() + " is not divisible by n_group " + c.nGroup());
        }
        if (c.nRoutedExperts() / c.nGroup() < 2) {
            fail("n_group " + c.nGroup() + " leaves fewer than 2 experts per group; group scores sum each group's top 2");
        }
        if (c.topkGroup() > c.nGroup()) {
            fail("topk_group is " + c.topkGroup() + "; it cannot exceed n_group " + c.nGroup());
        }
        int selectable = c.topkGroup() * (c.nRoutedExperts() / c.nGroup());
        if (c.numExpertsPerTok() > selectable) {
            fail("num_experts_per_tok is " + c.numExpertsPerTok() + "; only " + selectable
                    + " experts are reachable in topk_group " + c.topkGroup() + " groups");
        }
    }

    private void checkLlama(ModelConfig c) {
        if (c.numAttentionHeads() % c.numKeyValueHeads() != 0) {
            fail("num_attention_heads " + c.numAttentionHeads() + " is not divisible by num_key_value_heads "
                    + c.numKeyValueHeads());
        }
        if (c.headDim() % 2 != 0) {
            fail("head_dim is " + c.headDim() + "; rotary embeddings need an even width");
        }
    }

    private void fail(String message) {
        throw new ConfigException(file, message);
    }
}

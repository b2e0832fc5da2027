package dev.hearth.node.engine;

import java.util.ArrayList;
import java.util.List;

/** Turns a prompt into a completion: tokenize, prefill, then decode until EOS or the token limit. */
public final class Generator {
    private final Transformer model;
    private final ByteTokenizer tokenizer;
    private final Kernels kernels;

    public Generator(Transformer model, ByteTokenizer tokenizer, Kernels kernels) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.kernels = kernels;
    }

    public ModelConfig config() {
        return model.config();
    }

    /**
     * @throws ContextLengthExceededException when the prompt plus {@code maxTokens} does not fit the
     *                                        model's context
     */
    public Completion generate(String prompt, int maxTokens, SamplingParams params) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1, was " + maxTokens);
        }
        int[] promptTokens = tokenizer.encode(prompt);
        int context = model.config().maxSeqLen();
        if (promptTokens.length + maxTokens > context) {
            throw new ContextLengthExceededException(promptTokens.length, maxTokens, context);
        }
        Transformer.State state = model.newState();
        Sampler sampler = new Sampler(params, kernels);
        float[] logits = null;
        for (int pos = 0; pos < promptTokens.length; pos++) {
            logits = model.forward(state, promptTokens[pos], pos);
        }
        List<Integer> out = new ArrayList<>(maxTokens);
        int position = promptTokens.length;
        FinishReason reason = FinishReason.LENGTH;
        while (out.size() < maxTokens) {
            int next = sampler.sample(logits);
            if (next == ByteTokenizer.EOS) {
                reason = FinishReason.STOP;
                break;
            }
            out.add(next);
            if (out.size() < maxTokens) {
                logits = model.forward(state, next, position++);
            }
        }
        return new Completion(tokenizer.decode(out), promptTokens.length, out.size(), reason);
    }
}

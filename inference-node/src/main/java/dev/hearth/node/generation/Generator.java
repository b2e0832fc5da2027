package dev.hearth.node.generation;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/** Turns a prompt into a completion: tokenize, prefill in one batch, then decode until EOS or the limit. */
public final class Generator {
    private final String modelName;
    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final Kernels kernels;

    public Generator(String modelName, LanguageModel model, Tokenizer tokenizer, Kernels kernels) {
        this.modelName = modelName;
        this.model = model;
        this.tokenizer = tokenizer;
        this.kernels = kernels;
    }

    /** The name the API serves this model under. */
    public String modelName() {
        return modelName;
    }

    public LanguageModel model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** The prompt's tokens as the model sees them: BOS, then the text. */
    public int[] tokenize(String prompt) {
        return withBos(tokenizer.encode(prompt));
    }

    /** Tokens that end a generation: the model's EOS and the tokenizer's. */
    public java.util.Set<Integer> endTokens() {
        java.util.Set<Integer> end = new java.util.HashSet<>();
        end.add(model.config().eosTokenId());
        if (tokenizer.eosId() >= 0) {
            end.add(tokenizer.eosId());
        }
        return end;
    }

    public Completion generate(String prompt, int maxTokens, SamplingParams params) {
        return generate(prompt, maxTokens, params, GenerationListener.NONE);
    }

    /**
     * @throws ContextLengthExceededException when the prompt plus {@code maxTokens} does not fit the
     *                                        model's context
     */
    public Completion generate(String prompt, int maxTokens, SamplingParams params, GenerationListener listener) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1, was " + maxTokens);
        }
        int[] promptTokens = withBos(tokenizer.encode(prompt));
        int context = model.contextLength();
        if (promptTokens.length + maxTokens > context) {
            throw new ContextLengthExceededException(promptTokens.length, maxTokens, context);
        }
        Sequence sequence = model.newSequence();
        try {
            return run(sequence, promptTokens, maxTokens, params, listener);
        } finally {
            model.release(sequence);
        }
    }

    private Completion run(Sequence sequence, int[] promptTokens, int maxTokens, SamplingParams params,
                           GenerationListener listener) {
        Sampler sampler = new Sampler(params, kernels);
        long start = System.nanoTime();
        float[] logits = model.prefill(sequence, promptTokens);
        listener.prefilled(promptTokens.length, System.nanoTime() - start);
        List<Integer> out = new ArrayList<>(maxTokens);
        FinishReason reason = FinishReason.LENGTH;
        int eos = model.config().eosTokenId();
        int tokenizerEos = tokenizer.eosId();
        while (out.size() < maxTokens) {
            int next = sampler.sample(logits);
            if (next == eos || next == tokenizerEos) {
                reason = FinishReason.STOP;
                break;
            }
            out.add(next);
            listener.token(next);
            if (out.size() < maxTokens) {
                logits = model.decode(sequence, next);
            }
        }
        return new Completion(tokenizer.decode(out.stream().mapToInt(Integer::intValue).toArray()),
                promptTokens.length, out.size(), reason);
    }

    /** Every prompt starts with the model's BOS token, as the models were trained. */
    private int[] withBos(int[] tokens) {
        int bos = tokenizer.bosId() >= 0 ? tokenizer.bosId() : model.config().bosTokenId();
        int[] out = new int[tokens.length + 1];
        out[0] = bos;
        System.arraycopy(tokens, 0, out, 1, tokens.length);
        return out;
    }
}

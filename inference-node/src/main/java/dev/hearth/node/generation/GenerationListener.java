package dev.hearth.node.generation;

/** Observes one generation as it runs: for streaming responses and for timing prefill and decode. */
public interface GenerationListener {

    GenerationListener NONE = new GenerationListener() {
    };

    /** The prompt's {@code tokens} were prefilled in {@code nanos}. */
    default void prefilled(int tokens, long nanos) {
    }

    /** Token {@code id} was sampled (EOS is not reported). */
    default void token(int id) {
    }
}

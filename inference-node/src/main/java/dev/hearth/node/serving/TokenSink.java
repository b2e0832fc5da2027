package dev.hearth.node.serving;

import dev.hearth.node.generation.FinishReason;

/**
 * Where a scheduled generation's tokens go, called on the scheduler's thread: keep every method
 * short (hand tokens to a queue or an HTTP stream, never block on a client).
 */
public interface TokenSink {

    /** The request left the queue and joined the running batch. */
    default void admitted() {
    }

    /** Token {@code id} was generated; return false to stop here (a stop string matched, the client left). */
    boolean token(int id);

    /** Generation ended: EOS or a stop ({@code STOP}), the token limit ({@code LENGTH}) or cancellation. */
    void finished(FinishReason reason, int promptTokens, int completionTokens);

    /** Generation failed; no further calls follow. */
    void failed(RuntimeException error);
}

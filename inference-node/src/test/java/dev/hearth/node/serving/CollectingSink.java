package dev.hearth.node.serving;

import dev.hearth.node.generation.FinishReason;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Collects a scheduled generation's tokens and end, for tests. */
class CollectingSink implements TokenSink {
    final List<Integer> tokens = new CopyOnWriteArrayList<>();
    final CompletableFuture<FinishReason> done = new CompletableFuture<>();
    volatile long finishedAt;
    private final int stopAfter;

    CollectingSink() {
        this(Integer.MAX_VALUE);
    }

    /** Returns false (stop) once {@code stopAfter} tokens have come. */
    CollectingSink(int stopAfter) {
        this.stopAfter = stopAfter;
    }

    @Override
    public boolean token(int id) {
        tokens.add(id);
        return tokens.size() < stopAfter;
    }

    @Override
    public void finished(FinishReason reason, int promptTokens, int completionTokens) {
        finishedAt = System.nanoTime();
        done.complete(reason);
    }

    @Override
    public void failed(RuntimeException error) {
        done.completeExceptionally(error);
    }

    FinishReason await() {
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("generation did not finish", e);
        }
    }
}

package dev.hearth.node.server;

import dev.hearth.node.generation.Completion;
import dev.hearth.node.generation.FinishReason;
import dev.hearth.node.serving.TokenSink;
import dev.hearth.node.tokenizer.Tokenizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Gathers a scheduled generation into one non-streaming completion, timing it as it goes. */
final class CompletionCollector implements TokenSink {
    private final Tokenizer tokenizer;
    private final ServingMeters meters;
    private final long submitted = System.nanoTime();
    private final List<Integer> tokens = new ArrayList<>();
    private final CompletableFuture<Completion> done = new CompletableFuture<>();
    private long lastToken;

    CompletionCollector(Tokenizer tokenizer, ServingMeters meters) {
        this.tokenizer = tokenizer;
        this.meters = meters;
    }

    @Override
    public void admitted() {
        meters.queueTime.record(System.nanoTime() - submitted, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean token(int id) {
        long now = System.nanoTime();
        if (tokens.isEmpty()) {
            meters.timeToFirstToken.record(now - submitted, TimeUnit.NANOSECONDS);
        } else {
            meters.interTokenLatency.record(now - lastToken, TimeUnit.NANOSECONDS);
        }
        lastToken = now;
        tokens.add(id);
        return true;
    }

    @Override
    public void finished(FinishReason reason, int promptTokens, int completionTokens) {
        int[] ids = tokens.stream().mapToInt(Integer::intValue).toArray();
        done.complete(new Completion(tokenizer.decode(ids), promptTokens, completionTokens, reason));
    }

    @Override
    public void failed(RuntimeException error) {
        done.completeExceptionally(error);
    }

    Completion await(Duration timeout) {
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}

package dev.hearth.node.server;

import dev.hearth.node.generation.FinishReason;
import dev.hearth.node.serving.Ticket;
import dev.hearth.node.serving.TokenSink;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Carries one scheduled generation from the scheduler's thread to the HTTP thread as events — text
 * deltas (stop strings applied), then the end — timing it on the way for the serving metrics. The
 * scheduler never waits on the client: it only enqueues.
 */
final class GenerationStream implements TokenSink {
    /** What the HTTP thread receives. */
    sealed interface Event permits Delta, End, Failure {
    }

    record Delta(String text) implements Event {
    }

    record End(FinishReason reason, int promptTokens, int completionTokens) implements Event {
    }

    record Failure(RuntimeException error) implements Event {
    }

    private final StopMatcher matcher;
    private final ServingMeters meters;
    private final CompletionRequest request;
    private volatile Ticket ticket;
    private volatile int promptTokens;
    private volatile int completionTokens;
    private final long submitted = System.nanoTime();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private long lastToken;
    private int tokens;
    private volatile long admittedAt;
    private volatile long firstTokenAt;
    private volatile long endedAt;

    GenerationStream(StopMatcher matcher, ServingMeters meters, CompletionRequest request) {
        this.matcher = matcher;
        this.meters = meters;
        this.request = request;
    }

    CompletionRequest request() {
        return request;
    }

    void ticket(Ticket ticket) {
        this.ticket = ticket;
    }

    Ticket ticket() {
        return ticket;
    }

    int promptTokens() {
        return promptTokens;
    }

    int completionTokens() {
        return completionTokens;
    }

    @Override
    public void admitted() {
        admittedAt = System.nanoTime();
        meters.queueTime.record(admittedAt - submitted, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean token(int id) {
        long now = System.nanoTime();
        if (tokens++ == 0) {
            firstTokenAt = now;
            meters.timeToFirstToken.record(now - submitted, TimeUnit.NANOSECONDS);
        } else {
            meters.interTokenLatency.record(now - lastToken, TimeUnit.NANOSECONDS);
        }
        lastToken = now;
        String text = matcher.accept(id);
        if (!text.isEmpty()) {
            events.add(new Delta(text));
        }
        return !matcher.stopped();
    }

    @Override
    public void finished(FinishReason reason, int promptTokens, int completionTokens) {
        endedAt = System.nanoTime();
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        String rest = matcher.finish();
        if (!rest.isEmpty()) {
            events.add(new Delta(rest));
        }
        events.add(new End(matcher.stopped() ? FinishReason.STOP : reason, promptTokens, completionTokens));
    }

    @Override
    public void failed(RuntimeException error) {
        endedAt = System.nanoTime();
        events.add(new Failure(error));
    }

    /** {@link System#nanoTime()} when the request joined the batch, its first token came, it ended; 0 if not yet. */
    long admittedAt() {
        return admittedAt;
    }

    long firstTokenAt() {
        return firstTokenAt;
    }

    long endedAt() {
        return endedAt;
    }

    /** The next event, waiting at most {@code millis}; null on timeout. */
    Event next(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }
}

package dev.hearth.controlplane.ops;

import dev.hearth.controlplane.load.LoadGenerator;
import dev.hearth.controlplane.load.LoadReport;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Completions sent to the gateway for as long as it runs, in short rounds of {@link LoadGenerator}, so
 * the request counters keep moving while Prometheus scrapes: a rate over counters that stopped is 0,
 * and the recording rules keep no series for a window without traffic. {@link #close()} stops it within
 * a bounded time, also when the fleet stopped answering.
 */
final class BackgroundLoad implements AutoCloseable {
    /** One round of the generator; closing waits for the round in progress. */
    private static final Duration ROUND = Duration.ofSeconds(2);
    /** The generator waits up to 35 s for answers of a round; closing waits no longer than this. */
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);

    private final String name;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final Map<String, Long> failures = new TreeMap<>();
    private volatile boolean stopping;
    private volatile String error;

    private BackgroundLoad(String name, URI gateway, List<String> keys, double rps, int maxTokens) {
        this.name = name;
        LoadGenerator generator = new LoadGenerator(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .build(), keys);
        this.thread = new Thread(() -> {
            try {
                while (!stopping) {
                    LoadReport round = generator.run(gateway, rps, ROUND, maxTokens);
                    sent.addAndGet(round.sent());
                    ok.addAndGet(round.ok());
                    synchronized (failures) {
                        round.failures().forEach((reason, n) -> failures.merge(reason, n, Long::sum));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                error = e.toString();
            }
        }, "live-check-load-" + name);
        thread.setDaemon(true);
    }

    /**
     * Starts sending {@code rps} completions a second of at most {@code maxTokens} tokens, taking turns
     * with {@code keys}.
     */
    static BackgroundLoad start(String name, URI gateway, List<String> keys, double rps, int maxTokens) {
        BackgroundLoad load = new BackgroundLoad(name, gateway, keys, rps, maxTokens);
        load.thread.start();
        return load;
    }

    /** Requests answered 200 so far (rounds finished). */
    long ok() {
        return ok.get();
    }

    /** What was sent and how it was answered, for the log. */
    String summary() {
        synchronized (failures) {
            return name + ": sent " + sent.get() + ", ok " + ok.get() + ", failed " + failures
                    + (error == null ? "" : ", stopped by " + error);
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(STOP_PATIENCE.toMillis());
            if (thread.isAlive()) {
                thread.interrupt(); // the round's requests time out on their own; the daemon thread ends with them
                thread.join(STOP_PATIENCE.toMillis());
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}

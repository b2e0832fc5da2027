package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;
import dev.hearth.collector.Source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls many BMCs at once, at most {@code concurrency} at a time. BMCs are slow and a fleet has
 * hundreds: one at a time takes too long, all at once floods the management network and the collector's
 * threads. Each poll is bounded by its source's own timeouts (a {@code RedfishSource} by its
 * {@link RedfishLimits}), so a hanging BMC holds one of the threads for its walk timeout and no longer,
 * and its failure is its own {@link BmcPoll}.
 */
public final class RedfishPoller implements AutoCloseable {
    private final ExecutorService pool;
    private final int concurrency;

    public RedfishPoller(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("Redfish poll concurrency is " + concurrency + "; it must be at least 1");
        }
        this.concurrency = concurrency;
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "redfish-poll-" + threads.incrementAndGet());
            t.setDaemon(true); // an unclosed poller must not keep the JVM alive
            return t;
        };
        this.pool = Executors.newFixedThreadPool(concurrency, factory);
    }

    public int concurrency() {
        return concurrency;
    }

    /**
     * Polls every source once at {@code at} and waits for all of them.
     *
     * @return one outcome per source, in the order given
     * @throws CancellationException when the calling thread is interrupted while waiting
     */
    public List<BmcPoll> poll(List<? extends Source> bmcs, Instant at) {
        Objects.requireNonNull(at, "at");
        List<Future<BmcPoll>> futures = new ArrayList<>(bmcs.size());
        for (Source bmc : bmcs) {
            futures.add(pool.submit(() -> pollOne(bmc, at)));
        }
        List<BmcPoll> polls = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                polls.add(futures.get(i).get());
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new CancellationException("Redfish poll at " + at + " was interrupted");
            } catch (ExecutionException e) {
                // pollOne catches every exception, so only an Error gets here
                futures.forEach(f -> f.cancel(true));
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("polling " + bmcs.get(i) + " failed", e.getCause());
            }
        }
        return polls;
    }

    private static BmcPoll pollOne(Source bmc, Instant at) {
        long start = System.nanoTime();
        try {
            var samples = bmc.collect(at);
            return new BmcPoll(bmc.node(), samples, Optional.empty(), since(start));
        } catch (CollectException e) {
            return new BmcPoll(bmc.node(), List.of(), Optional.of(e.getMessage()), since(start));
        } catch (RuntimeException e) {
            // a bug met on one BMC's reply must not stop the others
            return new BmcPoll(bmc.node(), List.of(), Optional.of("unexpected " + e), since(start));
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Stops the threads; a poll in progress is interrupted. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}

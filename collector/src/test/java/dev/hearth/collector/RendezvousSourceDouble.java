package dev.hearth.collector;

import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Test double of a source that only answers once all sources sharing its barrier are being collected
 * at the same time: collected one after another, they fail.
 */
final class RendezvousSourceDouble implements Source {
    private final String node;
    private final CyclicBarrier barrier;

    RendezvousSourceDouble(String node, CyclicBarrier barrier) {
        this.node = node;
        this.barrier = barrier;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String kind() {
        return "node";
    }

    @Override
    public List<Sample> collect(Instant at) throws CollectException {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new CollectException("test double: the other sources were not collected concurrently", e);
        }
        return List.of(Sample.of(at, node, "rendezvous", 1));
    }
}

package dev.hearth.node.bench;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.generation.FinishReason;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.serving.BatchScheduler;
import dev.hearth.node.serving.GenerationJob;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.serving.TokenSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntToLongFunction;

/**
 * Serving measured through the continuous-batching scheduler, as a node runs it: aggregate
 * tokens/s per batch size, and request scenarios (how many requests, prompt and answer lengths, how
 * many at once) with their latency and time-to-first-token percentiles.
 */
public final class ServeBench {
    /** What one scenario measured; latencies in seconds. */
    public record Result(String name, int requests, double seconds, long generatedTokens, double meanLatency,
                         double p99Latency, double p50Ttft, double p99Ttft, double p50InterToken, double p99InterToken) {

        public double requestsPerSecond() {
            return requests / seconds;
        }

        public double tokensPerSecond() {
            return generatedTokens / seconds;
        }
    }

    private final LanguageModel model;
    private final Kernels kernels;
    private final Set<Integer> endTokens;

    public ServeBench(LanguageModel model, Kernels kernels) {
        this.model = model;
        this.kernels = kernels;
        this.endTokens = Set.of(); // run every request to its max_tokens: lengths stay as stated
    }

    /**
     * {@code requests} requests of {@code promptTokens} prompt and {@code answerTokens} answer tokens,
     * all submitted at once to a scheduler running batches of up to {@code maxBatch}.
     */
    public Result run(String name, int requests, int promptTokens, int answerTokens, int maxBatch) {
        return measure(name, requests, promptTokens, answerTokens, maxBatch, i -> 0L);
    }

    /**
     * Open loop: {@code requests} requests arrive as a Poisson process of {@code perSecond} on average
     * (seeded, so runs compare), whether or not earlier ones have finished, as households' requests
     * do. Latencies count from each request's scheduled arrival, so a stalled submitter cannot hide
     * queueing.
     */
    public Result runOpenLoop(String name, int requests, int promptTokens, int answerTokens, int maxBatch,
                              double perSecond, long seed) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the arrival rate must be above 0 requests/s, got " + perSecond);
        }
        long[] arrivals = arrivals(requests, perSecond, seed);
        return measure(name, requests, promptTokens, answerTokens, maxBatch, i -> arrivals[i]);
    }

    /** Arrival times in ns from the start: the first at 0, then exponential gaps of mean 1/perSecond. */
    static long[] arrivals(int requests, double perSecond, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] arrivals = new long[requests];
        double at = 0;
        for (int i = 0; i < requests; i++) {
            arrivals[i] = (long) (at * 1e9);
            at += -Math.log(1 - random.nextDouble()) / perSecond;
        }
        return arrivals;
    }

    /** Runs the requests, the i-th submitted {@code arrival(i)} ns after the start, and summarises them. */
    private Result measure(String name, int requests, int promptTokens, int answerTokens, int maxBatch,
                           IntToLongFunction arrival) {
        SchedulerConfig config = new SchedulerConfig(maxBatch, requests, 256, 16, 1 << 20);
        List<Timing> timings = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(requests);
        long start = System.nanoTime();
        try (BatchScheduler scheduler = new BatchScheduler(model, kernels, config, endTokens)) {
            for (int i = 0; i < requests; i++) {
                long due = start + arrival.applyAsLong(i);
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                Timing t = new Timing(done, Math.max(due, start));
                timings.add(t);
                scheduler.submit(new GenerationJob("bench-" + i % 4, 1.0, prompt(i, promptTokens), answerTokens,
                        new SamplingParams(0.8, 0.95, i)), t);
            }
            if (!done.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("scenario " + name + " did not finish in 30 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long generated = 0;
        double[] latency = new double[requests];
        double[] ttft = new double[requests];
        List<Double> gaps = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            Timing t = timings.get(i);
            if (t.error != null) {
                throw new IllegalStateException("a request of scenario " + name + " failed", t.error);
            }
            generated += t.tokens;
            latency[i] = (t.finished - t.submitted) / 1e9;
            ttft[i] = (t.firstToken - t.submitted) / 1e9;
            gaps.addAll(t.gaps);
        }
        double[] itl = gaps.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(name, requests, seconds, generated, Arrays.stream(latency).average().orElse(0),
                percentile(latency, 99), percentile(ttft, 50), percentile(ttft, 99), percentile(itl, 50),
                percentile(itl, 99));
    }

    private static int[] prompt(int seed, int length) {
        int[] p = new int[length];
        for (int i = 0; i < length; i++) {
            p[i] = 32 + (seed * 13 + i * 7) % 90;
        }
        return p;
    }

    static double percentile(double[] values, int p) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** One request's clock: submitted, first token, gaps between tokens, finished. */
    private static final class Timing implements TokenSink {
        final long submitted;
        final List<Double> gaps = new ArrayList<>();
        final CountDownLatch done;
        long firstToken;
        long lastToken;
        long finished;
        int tokens;
        RuntimeException error;

        Timing(CountDownLatch done, long submitted) {
            this.done = done;
            this.submitted = submitted;
        }

        @Override
        public boolean token(int id) {
            long now = System.nanoTime();
            if (tokens++ == 0) {
                firstToken = now;
            } else {
                gaps.add((now - lastToken) / 1e9);
            }
            lastToken = now;
            return true;
        }

        @Override
        public void finished(FinishReason reason, int promptTokens, int completionTokens) {
            finished = System.nanoTime();
            done.countDown();
        }

        @Override
        public void failed(RuntimeException e) {
            error = e;
            finished = System.nanoTime();
            done.countDown();
        }
    }
}

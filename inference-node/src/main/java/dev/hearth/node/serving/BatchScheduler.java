package dev.hearth.node.serving;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.generation.FinishReason;
import dev.hearth.node.generation.Sampler;
import dev.hearth.node.model.BatchEntry;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.ModelFlops;
import dev.hearth.node.model.SequenceOwner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Continuous batching for one node. One thread runs steps; every step appends one token to each
 * running sequence and up to {@code prefillChunk} prompt tokens of sequences still prefilling, in a
 * single pass over the weights ({@link LanguageModel#step}). Requests join at the next step boundary
 * and leave as soon as they finish, so the batch is always as full as the queue allows.
 *
 * <p>Decode steps are time-sliced by weighted fair queueing: up to twice {@code maxBatch} sequences
 * are held, and each step decodes the {@code maxBatch} of them whose households have received the
 * least service (tokens / weight), so a household with many requests gets no more steps than its
 * weight entitles it to while others are waiting. A short prompt of a less-served household is
 * prefilled in a step of its own, so one household's streams do not lengthen another's time to first
 * token. Under {@link SlicePolicy#EQUAL_SHARE} a household is also held to its weighted share of the
 * engine's time while others are active ({@link EngineShares}), and one using up its share has its
 * prompts prefilled at most {@code maxBatch} tokens a step: another household's request then finds the
 * engine idle, or waits for no more than a short step, instead of queueing behind a flood.
 *
 * <p>Admission is weighted fair queueing across households too: each job gets a virtual finish tag of
 * {@code max(now, household's last tag) + (prompt + max_tokens) / weight}, and the lowest tag is
 * admitted first, so a household flooding the queue waits behind its own requests while others keep
 * their share. A job is admitted only when the KV budget holds its blocks (prompt plus
 * {@code max_tokens}, rounded up to whole blocks); each job gets a fresh sequence whose cache no
 * other job ever reads.
 */
public final class BatchScheduler implements AutoCloseable {
    private final LanguageModel model;
    private final Kernels kernels;
    private final SchedulerConfig config;
    private final Set<Integer> endTokens;
    private final PriorityQueue<ActiveJob> waiting =
            new PriorityQueue<>((a, b) -> Double.compare(a.tag, b.tag));
    private final List<ActiveJob> running = new ArrayList<>();
    private final Map<String, Double> lastTag = new HashMap<>();
    /** Decode service per household (tokens / weight), for time-slicing steps. */
    private final Map<String, Double> service = new HashMap<>();
    /** KV blocks each household holds on this node, against its quota. */
    private final Map<String, Integer> householdBlocks = new HashMap<>();
    /** Sequence slots each household's requests took in completed steps: one per sequence per step. */
    private final Map<String, Long> householdSlots = new HashMap<>();
    /** Engine nanoseconds each household's sequences took: each step's time split by their tokens in it. */
    private final Map<String, Double> householdEngineNanos = new HashMap<>();
    private final EngineShares shares;
    /** Jobs submitted so far: the loop sleeps out a household's turn only if none came meanwhile. */
    private long submissions;
    private final ModelFlops flops;
    private final Thread thread;
    private double virtualTime;
    private int blocksUsed;
    private int lastBatch;
    private long steps;
    /** A double, not a long: a busy node passes 2^63 FLOPs within months, and a counter only needs the rate. */
    private double flopsExecuted;
    private boolean closed;
    /** Whether the last step held decodes back for a first token: the next one does not. */
    private boolean favouredLastStep;

    public BatchScheduler(LanguageModel model, Kernels kernels, SchedulerConfig config, Set<Integer> endTokens) {
        this(model, kernels, config, endTokens, EngineShares.standard());
    }

    /** A scheduler keeping its households' engine time in {@code shares} (for equal-share slicing). */
    BatchScheduler(LanguageModel model, Kernels kernels, SchedulerConfig config, Set<Integer> endTokens,
                   EngineShares shares) {
        this.shares = shares;
        this.model = model;
        this.kernels = kernels;
        this.config = config;
        this.endTokens = Set.copyOf(endTokens);
        this.flops = ModelFlops.of(model.config());
        this.thread = new Thread(this::loop, "hearth-scheduler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues a job.
     *
     * @throws QueueFullException       when {@code maxWaiting} jobs already wait
     * @throws IllegalArgumentException when the job can never fit (context or KV budget)
     */
    public Ticket submit(GenerationJob job, TokenSink sink) {
        int length = job.prompt().length + job.maxTokens();
        if (length > model.contextLength()) {
            throw new IllegalArgumentException("the prompt has " + job.prompt().length + " tokens and max_tokens asks for "
                    + job.maxTokens() + "; this model's context is " + model.contextLength() + " tokens");
        }
        int blocks = (length + config.blockTokens() - 1) / config.blockTokens();
        if (blocks > config.kvBlocks()) {
            throw new IllegalArgumentException("the request needs " + blocks + " KV blocks; the node holds "
                    + config.kvBlocks());
        }
        if (job.maxKvBlocks() > 0 && blocks > job.maxKvBlocks()) {
            throw new IllegalArgumentException("the request needs " + blocks + " KV blocks; the household's quota is "
                    + job.maxKvBlocks() + " (lower max_tokens or shorten the prompt)");
        }
        Ticket ticket = new Ticket();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the scheduler is closed");
            }
            if (waiting.size() >= config.maxWaiting()) {
                throw new QueueFullException(waiting.size() + " requests already wait on this node; retry shortly", 1);
            }
            double start = Math.max(virtualTime, lastTag.getOrDefault(job.household(), 0.0));
            double tag = start + (double) length / job.weight();
            lastTag.put(job.household(), tag);
            waiting.add(new ActiveJob(job, sink, ticket, start, tag, blocks));
            submissions++;
            notifyAll();
        }
        return ticket;
    }

    public synchronized SchedulerStats stats() {
        return new SchedulerStats(running.size(), waiting.size(), blocksUsed, config.kvBlocks(), lastBatch, steps);
    }

    /** KV blocks the household's running requests hold now (0 for a household with none). */
    public synchronized int kvBlocksOf(String household) {
        return householdBlocks.getOrDefault(household, 0);
    }

    /** Sequence slots the household's requests have taken in steps so far: one per sequence per step. */
    public synchronized long batchSlotsOf(String household) {
        return householdSlots.getOrDefault(household, 0L);
    }

    /** Seconds of engine time the household's sequences have taken so far (each step split by tokens). */
    public synchronized double engineSecondsOf(String household) {
        return householdEngineNanos.getOrDefault(household, 0.0) / 1e9;
    }

    /**
     * Seconds the household has sat out steps, with requests running, for having used up its share of
     * the engine ({@link SlicePolicy#EQUAL_SHARE}; always 0 under best-effort).
     */
    public synchronized double heldSecondsOf(String household) {
        return shares.heldNanos(household) / 1e9;
    }

    /** Floating-point operations of every completed step so far, as {@link ModelFlops} counts them. */
    public synchronized double flops() {
        return flopsExecuted;
    }

    private void loop() {
        while (true) {
            List<ActiveJob> batch;
            long seen;
            synchronized (this) {
                admit();
                while (running.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    admit();
                }
                if (closed) {
                    return;
                }
                batch = new ArrayList<>(running);
                seen = submissions;
            }
            long rest = step(batch);
            if (rest > 0) {
                synchronized (this) {
                    if (submissions == seen && !closed) { // a request that came meanwhile may step now
                        try {
                            wait(rest / 1_000_000, (int) (rest % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }

    /** Moves waiting jobs into the batch, lowest tag first, while slots and KV blocks allow. */
    private void admit() {
        if (waiting.isEmpty() || running.size() >= maxRunning()) {
            return;
        }
        List<ActiveJob> byTag = new ArrayList<>(waiting);
        byTag.sort((a, b) -> Double.compare(a.tag, b.tag));
        for (ActiveJob next : byTag) {
            if (running.size() >= maxRunning()) {
                return;
            }
            if (next.ticket.cancelled()) {
                waiting.remove(next);
                next.sink.finished(FinishReason.STOP, next.job.prompt().length, 0);
                continue;
            }
            int quota = next.job.maxKvBlocks();
            if (quota > 0 && householdBlocks.getOrDefault(next.job.household(), 0) + next.blocks > quota) {
                continue; // its household is at its KV quota: others may go first
            }
            if (blocksUsed + next.blocks > config.kvBlocks()) {
                return; // wait for blocks to free up rather than let smaller jobs overtake forever
            }
            waiting.remove(next);
            virtualTime = Math.max(virtualTime, next.start); // start-time fair queueing: now = the start tag in service
            blocksUsed += next.blocks;
            householdBlocks.merge(next.job.household(), next.blocks, Integer::sum);
            // the cache holds exactly the job's blocks, freshly allocated: never another request's memory
            next.sequence = model.newSequence(Math.min(model.contextLength(), next.blocks * config.blockTokens()),
                    new SequenceOwner(next.job.household(), next.job.traceparent()));
            next.sampler = new Sampler(next.job.sampling(), kernels);
            // a household that was idle joins at the current virtual time: no credit saved up while away
            if (!hasRunning(next.job.household())) {
                double floor = minService();
                if (floor != Double.MAX_VALUE) {
                    service.merge(next.job.household(), floor, Math::max);
                }
            }
            running.add(next);
            next.sink.admitted();
        }
    }

    /** Sequences held at once: twice the batch, so steps can be time-sliced among more than fit one step. */
    private int maxRunning() {
        return 2 * config.maxBatch();
    }

    /**
     * The least service any running household has received: the virtual time a newcomer starts at
     * ({@link Double#MAX_VALUE} when none runs, and the newcomer keeps what it had).
     */
    private double minService() {
        double min = Double.MAX_VALUE;
        for (ActiveJob a : running) {
            min = Math.min(min, service.getOrDefault(a.job.household(), 0.0));
        }
        return min;
    }

    private boolean hasRunning(String household) {
        for (ActiveJob a : running) {
            if (a.job.household().equals(household)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Picks this step's sequences: weighted fair queueing of decode slots. Each household's service
     * grows by {@code 1 / weight} per token it receives; the {@code maxBatch} sequences of the
     * least-served households step, the others keep their cache and wait a step. Ties keep arrival
     * order.
     */
    private List<ActiveJob> slice(List<ActiveJob> batch, Map<String, Double> snapshot) {
        if (batch.size() <= config.maxBatch()) {
            return batch;
        }
        List<ActiveJob> ordered = new ArrayList<>(batch);
        ordered.sort((x, y) -> Double.compare(snapshot.getOrDefault(x.job.household(), 0.0),
                snapshot.getOrDefault(y.job.household(), 0.0)));
        // spread slots across households: at most one sequence per household per pass
        List<ActiveJob> chosen = new ArrayList<>();
        Map<String, Double> projected = new HashMap<>(snapshot);
        while (chosen.size() < config.maxBatch()) {
            ActiveJob best = null;
            for (ActiveJob a : ordered) {
                if (!chosen.contains(a) && (best == null || projected.getOrDefault(a.job.household(), 0.0)
                        < projected.getOrDefault(best.job.household(), 0.0))) {
                    best = a;
                }
            }
            if (best == null) {
                break;
            }
            chosen.add(best);
            projected.merge(best.job.household(), 1.0 / best.job.weight(), Double::sum);
        }
        return chosen;
    }

    /**
     * A short prompt (one chunk at most) of a household that has received no more service than others
     * in the step (a newcomer joins at the least) is prefilled without their decodes: its first token
     * is what that household is waiting on, while the others lose one step of a stream already
     * flowing. Long prompts are not favoured, so chunked prefill still keeps decodes flowing while they
     * fill; and never two such steps in a row, so a stream of newcomers cannot stall the decodes. The
     * prompts of {@code chunked} households (see {@link #shortSteps()}) are not favoured: their steps
     * of their own would only hold back another household's.
     */
    private List<ActiveJob> firstTokenFirst(List<ActiveJob> chosen, Map<String, Double> snapshot,
                                            Set<String> chunked) {
        if (favouredLastStep) {
            favouredLastStep = false;
            return chosen;
        }
        double favoured = Double.MAX_VALUE;
        for (ActiveJob a : chosen) {
            if (a.prefilling() && a.job.prompt().length - a.prefilled <= config.prefillChunk()
                    && !chunked.contains(a.job.household())) {
                favoured = Math.min(favoured, snapshot.getOrDefault(a.job.household(), 0.0));
            }
        }
        if (favoured == Double.MAX_VALUE) {
            return chosen;
        }
        List<ActiveJob> kept = new ArrayList<>(chosen.size());
        for (ActiveJob a : chosen) {
            if (a.prefilling() || snapshot.getOrDefault(a.job.household(), 0.0) < favoured) {
                kept.add(a);
            }
        }
        favouredLastStep = kept.size() < chosen.size();
        return kept;
    }

    /**
     * Runs one step of the batch; returns 0, or, when every household with work has used up its
     * share of the engine ({@link SlicePolicy#EQUAL_SHARE}), the nanoseconds until one may step again.
     */
    private long step(List<ActiveJob> all) {
        List<BatchEntry> entries = new ArrayList<>();
        List<ActiveJob> stepping = new ArrayList<>();
        int prefillBudget = config.prefillChunk();
        List<ActiveJob> live = new ArrayList<>();
        for (ActiveJob a : all) {
            if (a.ticket.cancelled()) {
                finish(a, FinishReason.STOP);
            } else {
                live.add(a);
            }
        }
        Map<String, Double> snapshot;
        Set<String> chunked = Set.of();
        synchronized (this) {
            snapshot = new HashMap<>(service); // the service each household had when this step began
            if (config.slicing() == SlicePolicy.EQUAL_SHARE) {
                List<ActiveJob> eligible = withinShare(live);
                if (eligible.isEmpty() && !live.isEmpty()) {
                    Set<String> households = new HashSet<>();
                    for (ActiveJob a : live) {
                        households.add(a.job.household());
                    }
                    return Math.max(1, shares.untilEligible(households));
                }
                live = eligible;
                chunked = shortSteps();
            }
        }
        Map<String, Integer> chunkedPrefill = new HashMap<>();
        for (ActiveJob a : firstTokenFirst(slice(live, snapshot), snapshot, chunked)) {
            if (a.prefilling()) {
                if (prefillBudget == 0) {
                    continue;
                }
                int n = Math.min(prefillBudget, a.job.prompt().length - a.prefilled);
                if (chunked.contains(a.job.household())) {
                    // a batch's worth of its prompts' tokens a step, however many it prefills: its steps
                    // stay about as short as a full decode step, so another household's request waits
                    // for little more than that
                    n = Math.min(n, config.maxBatch() - chunkedPrefill.getOrDefault(a.job.household(), 0));
                    if (n == 0) {
                        continue;
                    }
                    chunkedPrefill.merge(a.job.household(), n, Integer::sum);
                }
                entries.add(new BatchEntry(a.sequence, Arrays.copyOfRange(a.job.prompt(), a.prefilled, a.prefilled + n)));
                prefillBudget -= n;
            } else {
                entries.add(new BatchEntry(a.sequence, new int[] {a.lastToken}));
            }
            stepping.add(a);
        }
        if (entries.isEmpty()) {
            return 0;
        }
        long stepFlops = 0;
        for (BatchEntry e : entries) {
            stepFlops += flops.entry(e.sequence().length(), e.tokens().length); // read before the step appends
        }
        float[][] logits;
        long began = System.nanoTime();
        try {
            logits = model.step(entries);
        } catch (RuntimeException e) {
            for (ActiveJob a : stepping) {
                remove(a);
                a.sink.failed(e);
            }
            return 0;
        }
        long took = System.nanoTime() - began;
        Map<String, Integer> tokens = new HashMap<>();
        for (int i = 0; i < stepping.size(); i++) {
            tokens.merge(stepping.get(i).job.household(), entries.get(i).tokens().length, Integer::sum);
        }
        Map<String, Double> used = EngineShares.split(tokens, took);
        synchronized (this) {
            if (config.slicing() == SlicePolicy.EQUAL_SHARE) {
                shares.charge(used);
            }
            used.forEach((household, nanos) -> householdEngineNanos.merge(household, nanos, Double::sum));
            lastBatch = entries.size();
            steps++;
            flopsExecuted += stepFlops;
            for (ActiveJob a : stepping) {
                householdSlots.merge(a.job.household(), 1L, Long::sum);
            }
        }
        for (int i = 0; i < stepping.size(); i++) {
            ActiveJob a = stepping.get(i);
            if (a.prefilling()) {
                a.prefilled += entries.get(i).tokens().length;
                if (a.prefilling()) {
                    continue; // more prompt to go: nothing to sample yet
                }
            }
            int token = a.sampler.sample(logits[i]);
            synchronized (this) {
                service.merge(a.job.household(), 1.0 / a.job.weight(), Double::sum);
            }
            if (endTokens.contains(token)) {
                finish(a, FinishReason.STOP);
                continue;
            }
            a.generated++;
            a.lastToken = token;
            boolean more;
            try {
                more = a.sink.token(token);
            } catch (RuntimeException e) {
                remove(a);
                a.sink.failed(e);
                continue;
            }
            if (!more) {
                finish(a, FinishReason.STOP);
            } else if (a.generated >= a.job.maxTokens()) {
                finish(a, FinishReason.LENGTH);
            }
        }
        return 0;
    }

    /**
     * The households whose prompts are prefilled at most a batch's worth of tokens a step while another
     * household is active: one using up its share of the engine, and one with several requests running
     * at once (a stream of work, which can wait a few steps more, while a household with one request
     * waits on its prompt alone). Under the lock.
     */
    private Set<String> shortSteps() {
        Set<String> chunked = new HashSet<>(shares.heavy());
        if (shares.activeHouseholds() > 1) {
            Map<String, Integer> requests = new HashMap<>();
            for (ActiveJob a : running) {
                requests.merge(a.job.household(), 1, Integer::sum);
            }
            requests.forEach((household, n) -> {
                if (n > 1) {
                    chunked.add(household);
                }
            });
        }
        return chunked;
    }

    /**
     * The jobs whose households have engine time left; refreshes the accounts first and notes the
     * households that sit out. Under the lock.
     */
    private List<ActiveJob> withinShare(List<ActiveJob> live) {
        Map<String, Double> withWork = new HashMap<>();
        for (ActiveJob a : running) {
            withWork.put(a.job.household(), a.job.weight());
        }
        long now = System.nanoTime();
        shares.refresh(withWork, now);
        List<ActiveJob> eligible = new ArrayList<>(live.size());
        Set<String> held = new HashSet<>();
        for (ActiveJob a : live) {
            if (shares.eligible(a.job.household())) {
                eligible.add(a);
            } else {
                held.add(a.job.household());
            }
        }
        shares.holdOut(held, now);
        return eligible;
    }

    private void finish(ActiveJob a, FinishReason reason) {
        remove(a);
        a.sink.finished(reason, a.job.prompt().length, a.generated);
    }

    private void remove(ActiveJob a) {
        synchronized (this) {
            if (!running.remove(a)) {
                return;
            }
            blocksUsed -= a.blocks;
            householdBlocks.merge(a.job.household(), -a.blocks, Integer::sum);
            notifyAll(); // freed blocks may let a waiting job in
        }
        model.release(a.sequence); // outside the lock: a split model frees it on other nodes
    }

    @Override
    public void close() {
        List<ActiveJob> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayList<>(waiting);
            waiting.clear();
            notifyAll();
        }
        for (ActiveJob a : dropped) {
            a.sink.failed(new IllegalStateException("the node is shutting down"));
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            dropped = new ArrayList<>(running);
            running.clear();
        }
        for (ActiveJob a : dropped) {
            a.sink.failed(new IllegalStateException("the node is shutting down"));
        }
    }
}

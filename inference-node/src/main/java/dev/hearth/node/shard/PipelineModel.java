package dev.hearth.node.shard;

import dev.hearth.node.model.BatchEntry;
import dev.hearth.node.model.ContextOverflowException;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.RoutingCounts;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.model.SequenceOwner;
import dev.hearth.node.model.StageOutput;
import dev.hearth.node.shard.StageUnavailableException.Reason;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model split into pipeline stages, run as one {@link LanguageModel}: each step's hidden states
 * pass from stage to stage in layer order and the last stage's logits come back. The scheduler,
 * the sampler and the API above it do not know the model is split, so a split model batches,
 * samples and streams exactly as a whole one, and gives the same tokens.
 *
 * <p>Failover: each sequence remembers the token chunks of the steps it took. When a stage's node
 * stops answering, the stage moves to its next replica; a stage that lacks a sequence's rows (the
 * new replica, or a restarted node) gets them back by replaying those chunks from position 0
 * through every stage — the same steps in the same shapes, so the rebuilt cache holds the bits the
 * lost one held and the generation goes on as if nothing had happened.
 */
public final class PipelineModel implements LanguageModel, AutoCloseable {
    private final ModelConfig config;
    /** Rebuild-and-retry rounds per step before the failure goes to the caller. */
    private static final int MAX_ATTEMPTS = 4;
    private volatile List<StageReplicas> stages;
    private final int contextLength;
    private final long weightBytes;
    private final RoutingCounts routing;
    /**
     * Sequence ids: every scheduling node holding the first stage shares the later stages' nodes,
     * whose caches are keyed by id, so each pipeline numbers its sequences from its own random
     * 31-bit prefix (the low 32 bits count) and two schedulers' ids do not meet.
     */
    private final AtomicLong ids = new AtomicLong(new SecureRandom().nextLong() & 0x7FFF_FFFF_0000_0000L);

    /** A pipeline of one node per stage: no replica to fail over to. */
    public static PipelineModel of(ModelConfig config, List<StageLink> stages, int contextLength, long weightBytes,
                                   RoutingCounts routing) {
        return new PipelineModel(config, stages.stream().map(StageReplicas::of).toList(), contextLength, weightBytes,
                routing);
    }

    /**
     * @param stages      the stages in layer order, the first embedding tokens, the last giving logits
     * @param weightBytes weights this node holds itself
     * @param routing     expert routing counts of the stages on this node
     */
    public PipelineModel(ModelConfig config, List<StageReplicas> stages, int contextLength, long weightBytes,
                         RoutingCounts routing) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
        this.config = config;
        this.stages = List.copyOf(stages);
        this.contextLength = contextLength;
        this.weightBytes = weightBytes;
        this.routing = routing;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public long weightBytes() {
        return weightBytes;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public RoutingCounts routing() {
        return routing;
    }

    public List<StageReplicas> stages() {
        return stages;
    }

    /**
     * Switches to a new placement's stages between steps. Sequences the new stages do not hold yet
     * are replayed onto them on their next step, so no request fails over the change; the old
     * links are closed.
     */
    public void reroute(List<StageReplicas> next) {
        if (next.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
        List<StageReplicas> old;
        synchronized (this) {
            old = stages;
            stages = List.copyOf(next);
        }
        for (StageReplicas s : old) {
            if (!next.contains(s)) {
                s.close();
            }
        }
    }

    @Override
    public Sequence newSequence() {
        return newSequence(contextLength);
    }

    @Override
    public Sequence newSequence(int capacity) {
        if (capacity < 1 || capacity > contextLength) {
            throw new IllegalArgumentException("a sequence of " + capacity + " tokens does not fit the context of "
                    + contextLength);
        }
        return newSequence(capacity, SequenceOwner.NONE);
    }

    @Override
    public Sequence newSequence(int capacity, SequenceOwner owner) {
        if (capacity < 1 || capacity > contextLength) {
            throw new IllegalArgumentException("a sequence of " + capacity + " tokens does not fit the context of "
                    + contextLength);
        }
        return new PipelineSequence(ids.incrementAndGet(), capacity, owner);
    }

    @Override
    public float[] prefill(Sequence sequence, int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("prefill needs at least one token");
        }
        return step(List.of(new BatchEntry(sequence, tokens)))[0];
    }

    @Override
    public float[] decode(Sequence sequence, int token) {
        return step(List.of(new BatchEntry(sequence, new int[] {token})))[0];
    }

    @Override
    public synchronized float[][] step(List<BatchEntry> batch) {
        if (batch.isEmpty()) {
            return new float[0][];
        }
        List<StageRequest> requests = new ArrayList<>(batch.size());
        for (BatchEntry e : batch) {
            PipelineSequence s = (PipelineSequence) e.sequence();
            if (s.length + e.tokens().length > s.capacity) {
                throw new ContextOverflowException(s.length, e.tokens().length, s.capacity);
            }
            for (int token : e.tokens()) {
                if (token < 0 || token >= config.vocabSize()) {
                    throw new IllegalArgumentException("token " + token + " is outside the vocabulary of "
                            + config.vocabSize());
                }
            }
            requests.add(new StageRequest(s.id, s.length, e.tokens(), s.capacity, s.owner));
        }
        float[][] logits = null;
        for (int attempt = 1; logits == null; attempt++) {
            try {
                if (attempt > 1) {
                    rebuild(batch);
                }
                logits = run(requests);
            } catch (StageUnavailableException failure) {
                if (failure.reason() == Reason.REFUSED || attempt >= MAX_ATTEMPTS) {
                    throw failure;
                }
            }
        }
        for (BatchEntry e : batch) {
            ((PipelineSequence) e.sequence()).advance(e.tokens());
        }
        return logits;
    }

    /** One pass through the stages; a stage whose node is down is replaced by its next replica. */
    private float[][] run(List<StageRequest> requests) {
        List<StageReplicas> stages = this.stages;
        float[] hidden = null;
        StageOutput out = null;
        for (StageReplicas stage : stages) {
            try {
                out = stage.current().step(requests, hidden);
            } catch (StageUnavailableException e) {
                if (e.reason() == Reason.UNREACHABLE) {
                    stage.failOver(e); // the next replica holds none of the sequences: the caller rebuilds them
                }
                throw e;
            }
            hidden = out.hidden();
        }
        if (out == null || !out.isLogits() || out.logits().length != requests.size()) {
            throw new StageUnavailableException(Reason.REFUSED, "the last stage, " + stages.get(stages.size() - 1)
                    .describe() + ", returned no logits: the placement's stages do not end at the model's last layer");
        }
        return out.logits();
    }

    /** Replays each sequence's steps from position 0 through every stage, one sequence at a time. */
    private void rebuild(List<BatchEntry> batch) {
        for (BatchEntry e : batch) {
            PipelineSequence s = (PipelineSequence) e.sequence();
            int position = 0;
            for (int[] chunk : s.chunks) {
                run(List.of(new StageRequest(s.id, position, chunk, s.capacity, s.owner)));
                position += chunk.length;
            }
        }
    }

    /** Frees the sequence on every stage; a stage that cannot be reached frees it when it drops the link. */
    @Override
    public void release(Sequence sequence) {
        long id = ((PipelineSequence) sequence).id;
        for (StageReplicas stage : stages) {
            try {
                stage.current().release(id);
            } catch (StageUnavailableException e) {
                // nothing to free on a stage that is gone; the rest still free theirs
            }
        }
    }

    @Override
    public void close() {
        for (StageReplicas stage : stages) {
            stage.close();
        }
    }

    /**
     * A sequence of a split model: an id every stage keys its cache by, how far it has got, and the
     * token chunks of its steps, to rebuild a stage's cache from.
     */
    private static final class PipelineSequence implements Sequence {
        final long id;
        final int capacity;
        final SequenceOwner owner;
        final List<int[]> chunks = new ArrayList<>();
        int length;

        void advance(int[] tokens) {
            chunks.add(tokens.clone());
            length += tokens.length;
        }

        PipelineSequence(long id, int capacity, SequenceOwner owner) {
            this.id = id;
            this.capacity = capacity;
            this.owner = owner;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public int capacity() {
            return capacity;
        }

        @Override
        public void truncate(int newLength) {
            if (newLength < 0 || newLength > length) {
                throw new IllegalArgumentException("cannot truncate a sequence of " + length + " tokens to " + newLength);
            }
            // keep the chunks that end at or before the new length; split the one it cuts
            List<int[]> kept = new ArrayList<>();
            int at = 0;
            for (int[] chunk : chunks) {
                if (at >= newLength) {
                    break;
                }
                int take = Math.min(chunk.length, newLength - at);
                kept.add(take == chunk.length ? chunk : Arrays.copyOf(chunk, take));
                at += take;
            }
            chunks.clear();
            chunks.addAll(kept);
            length = newLength;
        }
    }

    @Override
    public String toString() {
        return "pipeline of " + stages.size() + " stages: "
                + Arrays.toString(stages.stream().map(StageReplicas::describe).toArray());
    }
}

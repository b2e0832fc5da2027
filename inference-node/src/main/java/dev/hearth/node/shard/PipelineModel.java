package dev.hearth.node.shard;

import dev.hearth.node.model.BatchEntry;
import dev.hearth.node.model.ContextOverflowException;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.RoutingCounts;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.model.StageOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model split into pipeline stages, run as one {@link LanguageModel}: each step's hidden states
 * pass from stage to stage in layer order and the last stage's logits come back. The scheduler,
 * the sampler and the API above it do not know the model is split, so a split model batches,
 * samples and streams exactly as a whole one, and gives the same tokens.
 */
public final class PipelineModel implements LanguageModel, AutoCloseable {
    private final ModelConfig config;
    private final List<StageLink> stages;
    private final int contextLength;
    private final long weightBytes;
    private final RoutingCounts routing;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param stages      the stages in layer order, the first embedding tokens, the last giving logits
     * @param weightBytes weights this node holds itself
     * @param routing     expert routing counts of the stages on this node
     */
    public PipelineModel(ModelConfig config, List<StageLink> stages, int contextLength, long weightBytes,
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

    public List<StageLink> stages() {
        return stages;
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
        return new PipelineSequence(ids.incrementAndGet(), capacity);
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
    public float[][] step(List<BatchEntry> batch) {
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
            requests.add(new StageRequest(s.id, s.length, e.tokens(), s.capacity));
        }
        float[] hidden = null;
        StageOutput out = null;
        for (StageLink stage : stages) {
            out = stage.step(requests, hidden);
            hidden = out.hidden();
        }
        if (out == null || !out.isLogits() || out.logits().length != batch.size()) {
            throw new StageUnavailableException("the last stage, " + stages.get(stages.size() - 1).describe()
                    + ", returned no logits: the placement's stages do not end at the model's last layer");
        }
        for (BatchEntry e : batch) {
            ((PipelineSequence) e.sequence()).length += e.tokens().length;
        }
        return out.logits();
    }

    /** Frees the sequence on every stage; a stage that cannot be reached frees it when it drops the link. */
    @Override
    public void release(Sequence sequence) {
        long id = ((PipelineSequence) sequence).id;
        for (StageLink stage : stages) {
            try {
                stage.release(id);
            } catch (StageUnavailableException e) {
                // nothing to free on a stage that is gone; the rest still free theirs
            }
        }
    }

    @Override
    public void close() {
        for (StageLink stage : stages) {
            stage.close();
        }
    }

    /** A sequence of a split model: an id every stage keys its cache by, and how far it has got. */
    private static final class PipelineSequence implements Sequence {
        final long id;
        final int capacity;
        int length;

        PipelineSequence(long id, int capacity) {
            this.id = id;
            this.capacity = capacity;
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
            length = newLength;
        }
    }

    @Override
    public String toString() {
        return "pipeline of " + stages.size() + " stages: " + Arrays.toString(stages.stream().map(StageLink::describe).toArray());
    }
}

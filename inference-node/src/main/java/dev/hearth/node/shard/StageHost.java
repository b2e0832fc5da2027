package dev.hearth.node.shard;

import dev.hearth.node.shard.StageUnavailableException.Reason;
import dev.hearth.node.model.BatchEntry;
import dev.hearth.node.model.PipelineStage;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.model.StageOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stage served for others: its {@link PipelineStage} and the cache of every sequence passing
 * through it, by sequence id. A sequence appears with its first tokens and leaves when released; a
 * request at an earlier position rewinds it. A request that needs rows the stage does not hold (a
 * lost sequence, a position past its end) is refused, not guessed at: the caller rebuilds the
 * sequence from position 0.
 */
public final class StageHost {
    private final PipelineStage stage;
    private final Map<Long, Sequence> sequences = new HashMap<>();

    public StageHost(PipelineStage stage) {
        this.stage = stage;
    }

    public PipelineStage stage() {
        return stage;
    }

    public synchronized StageOutput step(List<StageRequest> requests, float[] hidden) {
        List<BatchEntry> batch = new ArrayList<>(requests.size());
        Map<Long, Sequence> fresh = new HashMap<>();
        for (StageRequest r : requests) {
            Sequence s = sequences.get(r.sequence());
            int needed = r.start() + r.tokens().length;
            if (r.start() == 0) {
                if (s == null) {
                    s = stage.newSequence(Math.min(r.capacity(), stage.contextLength()));
                    fresh.put(r.sequence(), s);
                } else {
                    s.truncate(0); // the sequence starts over (a rebuild): its rows are written anew
                }
            } else if (s != null && s.length() > r.start()) {
                s.truncate(r.start()); // a rewind: the rows past it are written anew
            } else if (s == null || s.length() != r.start()) {
                throw new StageUnavailableException(Reason.LOST_SEQUENCE, "stage " + stage.range() + " holds sequence " + r.sequence()
                        + (s == null ? " not at all" : " up to position " + s.length()) + ", not up to " + r.start()
                        + "; rebuild it from position 0");
            }
            if (needed > s.capacity()) {
                // doubling keeps the copies few when a peer learns the length only as tokens arrive
                s = stage.grow(s, Math.min(stage.contextLength(), Math.max(needed, 2 * s.capacity())));
                fresh.put(r.sequence(), s);
            }
            batch.add(new BatchEntry(s, r.tokens()));
        }
        StageOutput out = stage.step(batch, hidden);
        sequences.putAll(fresh); // only once the step has run: a failed step leaves nothing behind
        return out;
    }

    public synchronized void release(long sequence) {
        sequences.remove(sequence);
    }

    /** Drops every sequence's cache, as a restart does; their schedulers replay them on their next step. */
    public synchronized void clear() {
        sequences.clear();
    }

    /** Sequences holding cache here. */
    public synchronized int sequences() {
        return sequences.size();
    }
}

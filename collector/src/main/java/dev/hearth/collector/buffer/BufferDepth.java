package dev.hearth.collector.buffer;

/**
 * What a {@link BatchBuffer} holds that the store has not acknowledged.
 *
 * @param memoryBatches  batches in memory
 * @param memorySamples  their samples
 * @param spilledBatches batches in spill files
 * @param spilledBytes   the spill files' size
 */
public record BufferDepth(int memoryBatches, int memorySamples, int spilledBatches, long spilledBytes) {
    public static final BufferDepth EMPTY = new BufferDepth(0, 0, 0, 0);

    public boolean isEmpty() {
        return memoryBatches == 0 && spilledBatches == 0;
    }
}

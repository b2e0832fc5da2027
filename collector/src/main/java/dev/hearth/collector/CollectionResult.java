package dev.hearth.collector;

/**
 * What one {@link Collector#collectOnce} achieved.
 *
 * @param samplesStored  samples the store accepted in this call (earlier pending ones included)
 * @param sourcesFailed  sources whose collection failed in this call
 * @param pendingSamples samples still held in memory because the store could not take them
 * @param spilledBatches batches waiting in the spill directory for the store
 */
public record CollectionResult(int samplesStored, int sourcesFailed, int pendingSamples, int spilledBatches) {
}

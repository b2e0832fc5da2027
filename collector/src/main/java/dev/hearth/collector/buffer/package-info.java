/**
 * What the collector keeps while the metric store is unavailable: a bounded queue in memory, then
 * checksummed spill files on disk ({@code SpillDirectory}, format in
 * {@code SpillCodec}), stored oldest first with a backoff between attempts. Batch ids make every
 * replay, after a lost acknowledgement or a restart, store each batch exactly once.
 */
package dev.hearth.collector.buffer;

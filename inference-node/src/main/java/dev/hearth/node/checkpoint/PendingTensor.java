package dev.hearth.node.checkpoint;

/** A tensor added to a {@link CheckpointWriter} and not yet written: its little-endian bytes. */
record PendingTensor(String name, DType dtype, long[] shape, byte[] data) {
}

package dev.hearth.node.checkpoint;

/**
 * Told how far a {@link CheckpointWriter} has got, after every chunk it puts on disk, so that a
 * command line can draw a progress bar while hundreds of gigabytes stream out.
 */
@FunctionalInterface
public interface WriteProgress {

    /** {@code done} of {@code total} bytes (headers included) are written; the last call has done == total. */
    void bytesWritten(long done, long total);
}

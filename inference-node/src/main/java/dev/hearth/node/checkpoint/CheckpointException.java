package dev.hearth.node.checkpoint;

/**
 * A checkpoint that cannot be read or written as asked. Every message names the file (or the
 * directory), the tensor when there is one, what was expected and what was found, because the
 * person reading it is usually looking at a multi-hundred-gigabyte download and needs to know
 * which of its files to fetch again.
 */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.hearth.collector.gpu;

/**
 * nvidia-smi output that does not follow its format: malformed or unsafe XML, a CSV row that does not
 * match its header, a value in the wrong unit. The message names the GPU and the field, so that whoever
 * reads it knows which value to look at. Unchecked, like the exposition parser's error: a source turns it
 * into a {@link dev.hearth.collector.CollectException} for its node.
 */
public class GpuOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GpuOutputException(String message) {
        super(message);
    }

    public GpuOutputException(String message, Throwable cause) {
        super(message, cause);
    }
}

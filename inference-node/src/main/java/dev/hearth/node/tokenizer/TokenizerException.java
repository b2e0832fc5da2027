package dev.hearth.node.tokenizer;

/**
 * A tokenizer file that cannot be used. The message names the file, the JSON field at fault and how
 * to fix it, since it reaches whoever set up the checkpoint rather than a developer.
 */
public final class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}

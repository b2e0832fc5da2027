package dev.hearth.node.serving;

/** A submitted generation: lets its caller cancel it (a streaming client that went away). */
public final class Ticket {
    private volatile boolean cancelled;

    /** Stops the generation at the next token boundary; its sink then gets {@code finished}. */
    public void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }
}

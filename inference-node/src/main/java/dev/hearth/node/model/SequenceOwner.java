package dev.hearth.node.model;

/**
 * Whose a sequence is, as far as other nodes need to know: the household and the request's W3C
 * {@code traceparent} (empty when not traced). A model split over nodes stamps both on every frame
 * it sends for the sequence, so each node can attribute and trace the work it does.
 */
public record SequenceOwner(String household, String traceparent) {
    public static final SequenceOwner NONE = new SequenceOwner("", "");

    public SequenceOwner {
        if (household == null || traceparent == null) {
            throw new IllegalArgumentException("household and traceparent may be empty, not null");
        }
    }
}

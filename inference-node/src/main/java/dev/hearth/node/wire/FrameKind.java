package dev.hearth.node.wire;

/**
 * What an activation frame asks of its receiver. The wire carries {@link #code()}, never the
 * ordinal, so reordering the constants cannot change the format.
 */
public enum FrameKind {
    /** Pipeline hand-off: hidden states of consecutive tokens; the receiver runs layers from {@code layer} on. */
    HIDDEN(1),
    /** Expert parallel: token rows for some of the receiver's experts of MoE layer {@code layer}, with router weights. */
    EXPERT_DISPATCH(2),
    /** Expert parallel: per token row, the router-weighted sum of the receiver's experts' outputs. */
    EXPERT_RESULT(3),
    /** The receiver of an earlier frame of this request could not process it; carries a message and no payload. */
    ERROR(4),
    /** The last pipeline stage's answer: one row of next-token logits (the vocabulary wide) per frame. */
    LOGITS(5);

    private final int code;

    FrameKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kind with this wire code, or {@code null} when no kind has it. */
    static FrameKind byCode(int code) {
        for (FrameKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }

    boolean isExpert() {
        return this == EXPERT_DISPATCH || this == EXPERT_RESULT;
    }
}

package dev.hearth.node.wire;

import java.util.Objects;

/**
 * One message between inference nodes about one request: hidden states handed down the pipeline,
 * token rows dispatched to another node's experts, those experts' weighted results, or an error.
 *
 * @param kind             what the receiver is asked to do
 * @param requestId        the API's request id (e.g. {@code cmpl-…}), 1 to 255 bytes of UTF-8
 * @param household        the household the request is billed to, up to 255 bytes of UTF-8
 * @param trace            the request's W3C trace context
 * @param layer            for {@link FrameKind#HIDDEN}, the first layer the receiver runs; for expert
 *                         frames, the MoE layer whose experts are meant; for errors, the layer that failed
 * @param startPosition    sequence position of the step's first token (RoPE and the KV cache need it)
 * @param tokenCount       tokens in the sender's step: the rows of a hidden frame, the range of an expert frame's token indices
 * @param placementVersion the placement map version the sender routed by, so a receiver on another
 *                         version can refuse a frame meant for a layout it no longer serves
 * @param activations      the payload: one row per token (per routed token for expert frames)
 * @param routing          which token each row is and, for a dispatch, which experts with which weights
 * @param detail           for {@link FrameKind#ERROR}, what went wrong (1 to 1024 bytes of UTF-8); empty otherwise
 */
public record ActivationFrame(FrameKind kind, String requestId, String household, TraceContext trace, int layer,
                              int startPosition, int tokenCount, long placementVersion, Activations activations,
                              ExpertRouting routing, String detail) {
    public static final int MAX_ID_BYTES = 255;
    public static final int MAX_DETAIL_BYTES = 1024;

    public ActivationFrame {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(household, "household");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(activations, "activations");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(detail, "detail");
        if (WireText.utf8("requestId", requestId, MAX_ID_BYTES).length == 0) {
            throw new IllegalArgumentException("requestId is empty: every frame belongs to a request");
        }
        WireText.utf8("household", household, MAX_ID_BYTES);
        WireText.utf8("detail", detail, MAX_DETAIL_BYTES);
        requireNonNegative("layer", layer);
        requireNonNegative("startPosition", startPosition);
        requireNonNegative("tokenCount", tokenCount);
        if (placementVersion < 0) {
            throw new IllegalArgumentException("placementVersion is " + placementVersion + ", must not be negative");
        }
        switch (kind) {
            case HIDDEN, LOGITS -> checkHidden(tokenCount, activations, routing, detail);
            case EXPERT_DISPATCH, EXPERT_RESULT -> checkExpert(kind, tokenCount, activations, routing, detail);
            case ERROR -> checkError(activations, routing, detail);
        }
    }

    public static ActivationFrame hidden(String requestId, String household, TraceContext trace, int firstLayer,
                                         int startPosition, long placementVersion, Activations hidden) {
        return new ActivationFrame(FrameKind.HIDDEN, requestId, household, trace, firstLayer, startPosition,
                hidden.rows(), placementVersion, hidden, ExpertRouting.none(), "");
    }

    public static ActivationFrame expertDispatch(String requestId, String household, TraceContext trace, int moeLayer,
                                                 int startPosition, int tokenCount, long placementVersion,
                                                 Activations rows, ExpertRouting routing) {
        return new ActivationFrame(FrameKind.EXPERT_DISPATCH, requestId, household, trace, moeLayer, startPosition,
                tokenCount, placementVersion, rows, routing, "");
    }

    /** The answer to {@code dispatch}: one weighted-sum row per dispatched row, same token indices. */
    public static ActivationFrame expertResult(ActivationFrame dispatch, Activations sums) {
        if (dispatch.kind != FrameKind.EXPERT_DISPATCH) {
            throw new IllegalArgumentException("a result answers an EXPERT_DISPATCH frame, not " + dispatch.kind);
        }
        return new ActivationFrame(FrameKind.EXPERT_RESULT, dispatch.requestId, dispatch.household, dispatch.trace,
                dispatch.layer, dispatch.startPosition, dispatch.tokenCount, dispatch.placementVersion, sums,
                ExpertRouting.results(dispatch.routing.tokens().clone()), "");
    }

    public static ActivationFrame error(String requestId, String household, TraceContext trace, int layer,
                                        long placementVersion, String detail) {
        return new ActivationFrame(FrameKind.ERROR, requestId, household, trace, layer, 0, 0, placementVersion,
                Activations.empty(), ExpertRouting.none(), detail);
    }

    private static void checkHidden(int tokenCount, Activations activations, ExpertRouting routing, String detail) {
        requireRows(FrameKind.HIDDEN, activations);
        if (activations.rows() != tokenCount) {
            throw new IllegalArgumentException("HIDDEN frame has " + activations.rows() + " rows for " + tokenCount
                    + " tokens: a hand-off carries one row per token of the step");
        }
        requireNoRouting(FrameKind.HIDDEN, routing);
        requireNoDetail(FrameKind.HIDDEN, detail);
    }

    private static void checkExpert(FrameKind kind, int tokenCount, Activations activations, ExpertRouting routing,
                                    String detail) {
        requireRows(kind, activations);
        if (routing.rows() != activations.rows()) {
            throw new IllegalArgumentException(kind + " frame has " + activations.rows() + " activation rows but "
                    + routing.rows() + " routed rows, expected one token index per row");
        }
        int last = routing.tokens()[routing.rows() - 1];
        if (last >= tokenCount) {
            throw new IllegalArgumentException(kind + " frame names token " + last + " of a step of " + tokenCount
                    + " tokens");
        }
        if (kind == FrameKind.EXPERT_DISPATCH && routing.slots() == 0) {
            throw new IllegalArgumentException("EXPERT_DISPATCH frame has no expert slots: each row needs its experts");
        }
        if (kind == FrameKind.EXPERT_RESULT && routing.slots() != 0) {
            throw new IllegalArgumentException("EXPERT_RESULT frame has " + routing.slots()
                    + " expert slots, expected 0: results are already weighted and summed");
        }
        requireNoDetail(kind, detail);
    }

    private static void checkError(Activations activations, ExpertRouting routing, String detail) {
        if (activations.rows() != 0 || activations.cols() != 0) {
            throw new IllegalArgumentException("ERROR frame carries activations of " + activations.rows() + " × "
                    + activations.cols() + ", expected none");
        }
        requireNoRouting(FrameKind.ERROR, routing);
        if (detail.isEmpty()) {
            throw new IllegalArgumentException("ERROR frame has no detail: say what went wrong");
        }
    }

    private static void requireRows(FrameKind kind, Activations activations) {
        if (activations.rows() == 0 || activations.cols() == 0) {
            throw new IllegalArgumentException(kind + " frame carries activations of " + activations.rows() + " × "
                    + activations.cols() + ", expected at least one row and one column");
        }
    }

    private static void requireNoRouting(FrameKind kind, ExpertRouting routing) {
        if (routing.rows() != 0 || routing.slots() != 0) {
            throw new IllegalArgumentException(kind + " frame has expert routing (" + routing.rows() + " rows, "
                    + routing.slots() + " slots), expected none");
        }
    }

    private static void requireNoDetail(FrameKind kind, String detail) {
        if (!detail.isEmpty()) {
            throw new IllegalArgumentException(kind + " frame has an error detail, which only ERROR frames carry");
        }
    }

    private static void requireNonNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " is " + value + ", must not be negative");
        }
    }
}

package dev.hearth.node.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivationFrameTest {
    private static final Activations TWO_ROWS = new Activations(2, 3, new float[6]);

    private static ActivationFrame frame(FrameKind kind, String id, int tokens, Activations a, ExpertRouting routing,
                                         String detail) {
        return new ActivationFrame(kind, id, "h", TraceContext.none(), 1, 0, tokens, 0, a, routing, detail);
    }

    @Test
    void activationsNeedValuesForTheirShape() {
        assertThatThrownBy(() -> new Activations(2, 3, new float[5]))
                .hasMessage("activations of 2 × 3 need 6 values, got 5");
        assertThatThrownBy(() -> new Activations(-1, 3, new float[0])).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new Activations(65536, 65536, new float[0])).hasMessageContaining("need 4294967296 values");
    }

    @Test
    void textFieldsHaveLimits() {
        assertThatThrownBy(() -> frame(FrameKind.HIDDEN, "", 2, TWO_ROWS, ExpertRouting.none(), ""))
                .hasMessageContaining("requestId is empty");
        assertThatThrownBy(() -> frame(FrameKind.HIDDEN, "é".repeat(128), 2, TWO_ROWS, ExpertRouting.none(), ""))
                .hasMessage("requestId is 256 bytes of UTF-8, at most 255 fit in a frame");
        assertThatThrownBy(() -> frame(FrameKind.HIDDEN, "cmpl-\uD800", 2, TWO_ROWS, ExpertRouting.none(), ""))
                .hasMessageContaining("requestId is not valid Unicode text");
        assertThatThrownBy(() -> new TraceContext("00-ab\n", ""))
                .hasMessage("traceparent has character U+000A at index 5, expected printable ASCII");
        assertThatThrownBy(() -> new TraceContext("", "k=v"))
                .hasMessageContaining("tracestate without traceparent");
        assertThatThrownBy(() -> new TraceContext(WireFixtures.TRACEPARENT, "x".repeat(513)))
                .hasMessage("tracestate is 513 characters, at most 512 fit in a frame");
    }

    @Test
    void hiddenFramesHaveOneRowPerToken() {
        assertThat(frame(FrameKind.HIDDEN, "r", 2, TWO_ROWS, ExpertRouting.none(), "").tokenCount()).isEqualTo(2);
        assertThatThrownBy(() -> frame(FrameKind.HIDDEN, "r", 3, TWO_ROWS, ExpertRouting.none(), ""))
                .hasMessageContaining("HIDDEN frame has 2 rows for 3 tokens");
        assertThatThrownBy(() -> frame(FrameKind.HIDDEN, "r", 0, new Activations(0, 3, new float[0]),
                ExpertRouting.none(), "")).hasMessageContaining("expected at least one row and one column");
        assertThatThrownBy(() -> frame(FrameKind.HIDDEN, "r", 2, TWO_ROWS, ExpertRouting.results(new int[0]), "oops"))
                .hasMessageContaining("only ERROR frames carry");
    }

    @Test
    void expertFramesRouteEveryRow() {
        ExpertRouting routing = new ExpertRouting(new int[] {1, 4}, 1, new int[] {3, 9}, new float[] {0.5f, 0.25f});
        assertThat(frame(FrameKind.EXPERT_DISPATCH, "r", 5, TWO_ROWS, routing, "").routing()).isEqualTo(routing);
        assertThatThrownBy(() -> frame(FrameKind.EXPERT_DISPATCH, "r", 4, TWO_ROWS, routing, ""))
                .hasMessageContaining("names token 4 of a step of 4 tokens");
        assertThatThrownBy(() -> frame(FrameKind.EXPERT_DISPATCH, "r", 5, TWO_ROWS, ExpertRouting.results(new int[] {1, 4}), ""))
                .hasMessageContaining("has no expert slots");
        assertThatThrownBy(() -> frame(FrameKind.EXPERT_RESULT, "r", 5, TWO_ROWS, routing, ""))
                .hasMessageContaining("EXPERT_RESULT frame has 1 expert slots, expected 0");
        assertThatThrownBy(() -> frame(FrameKind.EXPERT_RESULT, "r", 5, TWO_ROWS, ExpertRouting.results(new int[] {1}), ""))
                .hasMessageContaining("2 activation rows but 1 routed rows");
    }

    @Test
    void routingRules() {
        assertThatThrownBy(() -> new ExpertRouting(new int[] {0}, 2, new int[] {-1, 3}, new float[] {0, 1}))
                .hasMessageContaining("row 0 names no expert");
        assertThatThrownBy(() -> new ExpertRouting(new int[] {0}, 3, new int[] {2, -1, 3}, new float[] {1, 0, 1}))
                .hasMessageContaining("row 0 slot 2 follows an unused slot");
        assertThatThrownBy(() -> new ExpertRouting(new int[] {0}, 2, new int[] {2, 2}, new float[] {1, 1}))
                .hasMessageContaining("row 0 names expert 2 twice");
        assertThatThrownBy(() -> new ExpertRouting(new int[] {0}, 2, new int[] {2, -1}, new float[] {1, 0.5f}))
                .hasMessageContaining("row 0 slot 1 is unused but has weight 0.5, expected 0");
        assertThatThrownBy(() -> new ExpertRouting(new int[] {0, 1}, 2, new int[] {2, -1}, new float[] {1, 0}))
                .hasMessageContaining("2 rows × 2 slots need 4 expert ids and weights, got 2 and 2");
        assertThatThrownBy(() -> new ExpertRouting(new int[] {3, 3}, 0, new int[0], new float[0]))
                .hasMessageContaining("row 1 has token index 3");
    }

    @Test
    void errorFramesCarryADetailAndNothingElse() {
        assertThat(WireFixtures.error().detail()).contains("CUDA out of memory");
        assertThatThrownBy(() -> frame(FrameKind.ERROR, "r", 0, Activations.empty(), ExpertRouting.none(), ""))
                .hasMessageContaining("ERROR frame has no detail");
        assertThatThrownBy(() -> frame(FrameKind.ERROR, "r", 2, TWO_ROWS, ExpertRouting.none(), "x"))
                .hasMessageContaining("ERROR frame carries activations of 2 × 3, expected none");
    }

    @Test
    void aResultAnswersOnlyADispatch() {
        ActivationFrame hidden = frame(FrameKind.HIDDEN, "r", 2, TWO_ROWS, ExpertRouting.none(), "");
        assertThatThrownBy(() -> ActivationFrame.expertResult(hidden, TWO_ROWS))
                .hasMessageContaining("a result answers an EXPERT_DISPATCH frame, not HIDDEN");
    }
}

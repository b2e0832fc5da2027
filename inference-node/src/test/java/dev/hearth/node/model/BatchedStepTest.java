package dev.hearth.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.engine.ScalarKernels;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A batched step gives every sequence what it would get alone: sequences never see each other. */
class BatchedStepTest {

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void aMixedStepEqualsEachSequenceRunAlone(Architecture arch) {
        DecoderModel model = DecoderModel.generated(ModelPresets.config(arch, "tiny"), 4, new ScalarKernels(), 64);
        int[] promptA = {256, 10, 20, 30, 40};
        int[] promptB = {256, 99, 98};
        int[] promptC = {256, 1, 2, 3, 4, 5, 6, 7};

        Sequence a = model.newSequence();
        Sequence b = model.newSequence();
        model.prefill(a, promptA);
        model.prefill(b, promptB);
        Sequence c = model.newSequence();
        // a and b decode while c's prompt joins the same step
        float[][] logits = model.step(List.of(new BatchEntry(a, new int[] {41}), new BatchEntry(c, promptC),
                new BatchEntry(b, new int[] {97})));

        Sequence aloneA = model.newSequence();
        model.prefill(aloneA, promptA);
        Sequence aloneB = model.newSequence();
        model.prefill(aloneB, promptB);
        DecoderModelTest.assertClose(logits[0], model.decode(aloneA, 41), 1e-4);
        DecoderModelTest.assertClose(logits[1], model.prefill(model.newSequence(), promptC), 1e-4);
        DecoderModelTest.assertClose(logits[2], model.decode(aloneB, 97), 1e-4);
        assertThat(a.length()).isEqualTo(6);
        assertThat(b.length()).isEqualTo(4);
        assertThat(c.length()).isEqualTo(8);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void aSequenceMayAppearOnlyOncePerStep(Architecture arch) {
        DecoderModel model = DecoderModel.generated(ModelPresets.config(arch, "tiny"), 4, new ScalarKernels(), 64);
        Sequence s = model.newSequence();
        assertThatThrownBy(() -> model.step(List.of(new BatchEntry(s, new int[] {1}), new BatchEntry(s, new int[] {2}))))
                .hasMessageContaining("appears twice");
        assertThat(s.length()).as("a refused step changes nothing").isZero();
        assertThat(model.step(List.of())).isEmpty();
    }
}

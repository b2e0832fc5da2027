package dev.hearth.node.generation;

import dev.hearth.node.tokenizer.ByteTokenizer;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.GeneratedWeights;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.ModelWeights;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratorTest {
    private final ModelConfig config = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
    private final Generator generator = new Generator("tiny", new DecoderModel(
            ModelWeights.load(config, new GeneratedWeights(config, 5)), new ScalarKernels(), 128),
            new ByteTokenizer(), new ScalarKernels());

    @Test
    void generatesUpToMaxTokensReproduciblyFromTheSeed() {
        SamplingParams p = new SamplingParams(0.9, 1.0, 1234);
        Completion a = generator.generate("Hello", 12, p);
        Completion b = generator.generate("Hello", 12, p);
        assertThat(a).isEqualTo(b);
        assertThat(a.promptTokens()).isEqualTo(6); // BOS + 5 bytes
        assertThat(a.completionTokens()).isBetween(1, 12);
        if (a.finishReason() == FinishReason.LENGTH) {
            assertThat(a.completionTokens()).isEqualTo(12);
        }
        assertThat(generator.generate("Hello", 12, new SamplingParams(0.9, 1.0, 4321))).isNotEqualTo(a);
    }

    @Test
    void refusesRequestsBeyondTheContext() {
        String prompt = "x".repeat(100);
        assertThatThrownBy(() -> generator.generate(prompt, 100, SamplingParams.greedy()))
                .isInstanceOf(ContextLengthExceededException.class)
                .hasMessageContaining("context is 128 tokens; the prompt has 101");
    }
}

package dev.hearth.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelPresetsTest {

    @Test
    void deepSeekV3IsThePublishedConfig() throws IOException {
        String text;
        try (InputStream in = ModelPresetsTest.class.getResourceAsStream("/config/deepseek-v3.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ModelConfig published = new ConfigReader().parse(Path.of("config.json"), text);

        assertThat(ModelPresets.deepSeekV3()).isEqualTo(published);
        assertThat(new TensorPlan(ModelPresets.deepSeekV3()).parameterCount()).isBetween(670_000_000_000L, 672_000_000_000L);
    }

    @Test
    void theFullSizeShapeIsNotAPresetModelInitCanWrite() {
        assertThat(ModelPresets.NAMES).containsExactly("tiny", "small");
        assertThatThrownBy(() -> ModelPresets.config(Architecture.DEEPSEEK_V3, "v3"))
                .hasMessageContaining("unknown preset \"v3\"; choose one of [tiny, small]");
    }
}

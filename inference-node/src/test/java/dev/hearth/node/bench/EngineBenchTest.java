package dev.hearth.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.engine.VectorKernels;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's plumbing (what it runs and reports), not its speed: speed is printed, never asserted. */
class EngineBenchTest {

    @Test
    void reportsTheTokensItTimed() {
        DecoderModel model = DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny"), 1,
                new ScalarKernels(), 256);
        EngineBench.Speed speed = new EngineBench(model).measure(16, 32);
        assertThat(speed.decodeTokens()).isEqualTo(16);
        assertThat(speed.prefillTokens()).isEqualTo(32);
        assertThat(speed.decodeTokensPerSecond()).isPositive().isFinite();
        assertThat(speed.prefillTokensPerSecond()).isPositive().isFinite();
    }

    @Test
    void refusesMoreTokensThanTheContextHolds() {
        DecoderModel model = DecoderModel.generated(ModelPresets.config(Architecture.LLAMA, "tiny"), 1,
                new ScalarKernels(), 64);
        assertThatThrownBy(() -> new EngineBench(model).measure(16, 32)).hasMessageContaining("context is 64");
    }

    @Test
    void kernelRatesCoverEveryStoredFormat() {
        Map<String, KernelRates.Rate> rates = new KernelRates(new ScalarKernels(), 64, 256, 4).measure(0.01);
        assertThat(rates).containsOnlyKeys("F32", "BF16", "FP8", "INT8");
        rates.values().forEach(r -> assertThat(r.gemvGflops()).isPositive().isFinite());
        assertThat(rates.get("F32").gemvGbps()).as("4 bytes a weight").isCloseTo(2 * rates.get("F32").gemvGflops(),
                org.assertj.core.data.Percentage.withPercentage(0.1));
    }

    @Test
    void machineProbeMeasuresPositiveRates() {
        MachineProbe probe = new MachineProbe(2);
        assertThat(probe.readBandwidth(8 << 20, 2)).isPositive().isFinite();
        assertThat(probe.fmaPeak(100_000, 2)).isPositive().isFinite();
        try (VectorKernels k = new VectorKernels(2)) {
            assertThat(k.name()).startsWith("vector-");
        }
    }
}

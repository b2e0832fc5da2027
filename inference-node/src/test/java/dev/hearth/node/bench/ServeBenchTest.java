package dev.hearth.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import org.junit.jupiter.api.Test;

/** The serving benchmark's accounting (what it ran and how it summarises), not its speed. */
class ServeBenchTest {

    @Test
    void aScenarioRunsEveryRequestToItsLengthAndSummarisesLatency() {
        ScalarKernels k = new ScalarKernels();
        DecoderModel model = DecoderModel.generated(ModelPresets.config(Architecture.LLAMA, "tiny"), 3, k, 128);
        ServeBench.Result r = new ServeBench(model, k).run("five", 5, 12, 9, 2);
        assertThat(r.requests()).isEqualTo(5);
        assertThat(r.generatedTokens()).as("no early stop: every request runs to max_tokens").isEqualTo(45);
        assertThat(r.p99Latency()).isGreaterThanOrEqualTo(r.meanLatency()).isPositive();
        assertThat(r.p99Ttft()).isGreaterThanOrEqualTo(r.p50Ttft()).isLessThanOrEqualTo(r.p99Latency());
        assertThat(r.p99InterToken()).isGreaterThanOrEqualTo(r.p50InterToken()).isPositive();
        assertThat(r.tokensPerSecond()).isCloseTo(45 / r.seconds(), org.assertj.core.data.Percentage.withPercentage(0.01));
    }

    @Test
    void anOpenLoopScenarioSpreadsArrivalsAtTheStatedRate() {
        ScalarKernels k = new ScalarKernels();
        DecoderModel model = DecoderModel.generated(ModelPresets.config(Architecture.LLAMA, "tiny"), 3, k, 128);
        // 20 arrivals at 200/s take about 0.1 s to arrive: the scenario cannot end before its last arrival
        ServeBench.Result r = new ServeBench(model, k).runOpenLoop("open", 20, 8, 4, 4, 200, 7);
        assertThat(r.requests()).isEqualTo(20);
        assertThat(r.generatedTokens()).isEqualTo(80);
        assertThat(r.p99Ttft()).isGreaterThanOrEqualTo(r.p50Ttft()).isPositive();
        long[] arrivals = ServeBench.arrivals(20, 200, 7);
        assertThat(r.seconds()).as("the last request arrives on schedule, not at once")
                .isGreaterThanOrEqualTo(arrivals[19] / 1e9);
        assertThatThrownBy(() -> new ServeBench(model, k).runOpenLoop("none", 1, 8, 4, 4, 0, 7))
                .hasMessageContaining("arrival rate");
    }

    @Test
    void arrivalsArePoissonAtTheStatedRateAndRepeatWithTheSeed() {
        long[] a = ServeBench.arrivals(20_000, 50, 3);
        assertThat(a[0]).isZero();
        assertThat(a).isSorted();
        double meanGap = a[a.length - 1] / 1e9 / (a.length - 1);
        assertThat(meanGap).isCloseTo(1.0 / 50, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(ServeBench.arrivals(20_000, 50, 3)).isEqualTo(a);
        assertThat(ServeBench.arrivals(20_000, 50, 4)).isNotEqualTo(a);
    }

    @Test
    void percentilesAreNearestRank() {
        double[] v = {5, 1, 4, 2, 3, 6, 7, 8, 9, 10};
        assertThat(ServeBench.percentile(v, 50)).isEqualTo(5);
        assertThat(ServeBench.percentile(v, 99)).isEqualTo(10);
        assertThat(ServeBench.percentile(new double[0], 99)).isZero();
    }
}

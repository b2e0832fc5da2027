package dev.hearth.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth model init}, {@code generate}, {@code bench serve} and {@code bench hops} through the command line. */
class ModelCommandsTest {
    @TempDir
    Path dir;

    @Test
    void initWritesACheckpointThatGenerateRunsDeterministically() throws IOException {
        Path model = dir.resolve("tiny");
        CliRun init = CliRun.of("model", "init", "--preset", "tiny", "--out", model.toString(), "--dtype", "fp8", "--seed", "9");
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("deepseek_v3 tiny", "fp8");
        assertThat(init.err()).contains("writing", "100%");
        assertThat(Files.readString(model.resolve("config.json"))).contains("\"quant_method\" : \"fp8\"");

        CliRun first = CliRun.of("generate", "--model", model.toString(), "--prompt", "Hello", "--max-tokens", "12",
                "--kernels", "scalar");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("prefill: 6 tokens in [0-9.]+ ms \\([0-9.]+ tok/s\\)")
                .containsPattern("decode: 11 tokens in [0-9.]+ ms");
        CliRun again = CliRun.of("generate", "--model", model.toString(), "--prompt", "Hello", "--max-tokens", "12",
                "--kernels", "vector");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out().lines().findFirst()).as("greedy text on both backends").isEqualTo(first.out().lines().findFirst());

        Path same = dir.resolve("same");
        assertThat(CliRun.of("model", "init", "--preset", "tiny", "--out", same.toString(), "--dtype", "fp8", "--seed", "9")
                .exitCode()).isZero();
        assertThat(Files.readAllBytes(same.resolve("model.safetensors")))
                .as("same seed, same bytes").isEqualTo(Files.readAllBytes(model.resolve("model.safetensors")));
    }

    @Test
    void llamaArchitectureToo() {
        Path model = dir.resolve("llama");
        assertThat(CliRun.of("model", "init", "--arch", "llama", "--preset", "tiny", "--out", model.toString()).exitCode()).isZero();
        CliRun run = CliRun.of("generate", "--model", model.toString(), "--prompt", "Hi", "--max-tokens", "4");
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void benchServePrintsTheBatchSweepTheLoadedRunAndTheScenarios() {
        Path model = dir.resolve("serve");
        assertThat(CliRun.of("model", "init", "--preset", "tiny", "--out", model.toString()).exitCode()).isZero();
        CliRun run = CliRun.of("bench", "serve", "--model", model.toString(), "--tokens", "8", "--long-prompt", "40",
                "--load", "0.5", "--load-requests", "12", "--kernels", "scalar");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("batch  8: +[0-9.]+ tok/s +\\([0-9.]+x batch 1\\)")
                .containsPattern("12 requests \\(16 prompt \\+ 8 answer tokens\\) arriving as a Poisson process of"
                        + " [0-9.]+ req/s = 50 % of the batch-8 capacity")
                .containsPattern("open loop: [0-9.]+ s, .* TTFT P50 [0-9]+ ms P99 [0-9]+ ms; inter-token P50")
                .contains("long prompt (40) + short answer (16)", "100 concurrent requests");

        CliRun badLoad = CliRun.of("bench", "serve", "--model", model.toString(), "--load", "0");
        assertThat(badLoad.exitCode()).isEqualTo(2);
        assertThat(badLoad.err()).contains("--load must be above 0 and at most 4", "got 0.0");
    }

    @Test
    void benchHopsPrintsPerHopOverheadRatesByStagesAndTheFailoverToken() {
        Path model = dir.resolve("hops");
        assertThat(CliRun.of("model", "init", "--preset", "tiny", "--out", model.toString()).exitCode()).isZero();
        CliRun run = CliRun.of("bench", "hops", "--model", model.toString(), "--stages", "3", "--tokens", "8",
                "--kernels", "scalar");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("per-hop overhead on loopback .*, [0-9]+ hops: P50 [0-9]+ µs, P99 [0-9]+ µs")
                .containsPattern("1 stage : +[0-9.]+ tok/s  \\(one node\\)")
                .containsPattern("3 stages: +[0-9.]+ tok/s  \\(same tokens\\)")
                .containsPattern("failover: .* that token took [0-9.]+ ms .*replayed 5 tokens\\); the tokens matched");
        CliRun tooMany = CliRun.of("bench", "hops", "--model", model.toString(), "--stages", "9");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--stages must be from 2 to the model's 4 layers, got 9");
    }

    @Test
    void shardRefusesOptionsItCannotServeWithTheFix() {
        CliRun nothing = CliRun.of("shard", "--node", "x");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("either --model DIR (a checkpoint) or --preset");
        CliRun range = CliRun.of("shard", "--node", "x", "--preset", "tiny", "--layers", "9-12");
        assertThat(range.exitCode()).isEqualTo(2);
        assertThat(range.err()).contains("layer range \"9-12\" is outside this model's layers 0-3");
        CliRun rule = CliRun.of("shard", "--node", "x", "--preset", "tiny", "--experts-only", "2:5");
        assertThat(rule.exitCode()).isEqualTo(2);
        assertThat(rule.err()).contains("--experts-only \"2:5\" is not MODULUS:REMAINDER");
        CliRun missing = CliRun.of("shard", "--node", "x", "--model", dir.resolve("none").toString(), "--layers", "1-2");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("config.json");
    }

    @Test
    void badInputNamesTheValueAndTheFix() throws IOException {
        CliRun preset = CliRun.of("model", "init", "--preset", "huge", "--out", dir.resolve("x").toString());
        assertThat(preset.exitCode()).isEqualTo(2);
        assertThat(preset.err()).contains("unknown preset \"huge\"; choose one of [tiny, small]");

        CliRun dtype = CliRun.of("model", "init", "--preset", "tiny", "--out", dir.resolve("x").toString(), "--dtype", "q4");
        assertThat(dtype.exitCode()).isEqualTo(2);
        assertThat(dtype.err()).contains("unknown dtype \"q4\"; choose one of f32, bf16, fp8, int8");

        Files.writeString(dir.resolve("occupied.txt"), "x");
        CliRun occupied = CliRun.of("model", "init", "--preset", "tiny", "--out", dir.toString());
        assertThat(occupied.exitCode()).isEqualTo(1);
        assertThat(occupied.err()).contains("is not empty; choose a new --out directory");

        CliRun missing = CliRun.of("generate", "--model", dir.resolve("nothing").toString(), "--prompt", "x");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("config.json: is missing");

        CliRun kernels = CliRun.of("generate", "--model", dir.toString(), "--prompt", "x", "--kernels", "gpu");
        assertThat(kernels.exitCode()).isEqualTo(2);
        assertThat(kernels.err()).contains("--kernels");
    }
}

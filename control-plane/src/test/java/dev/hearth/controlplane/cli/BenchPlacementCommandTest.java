package dev.hearth.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code hearth bench placement} through the command line, on a fleet just large enough for two replicas. */
class BenchPlacementCommandTest {

    @Test
    void printsThePlacementAndWhatLosingTheFullestNodeMoves() {
        CliRun run = CliRun.of("bench", "placement", "--nodes", "160", "--buildings", "2", "--spines", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("model: DeepSeek-V3, 671.0 B parameters, 673.2 GB (626.9 GiB) at fp8")
                .contains("fleet: 160 nodes of 11.0 GiB (1.0 GiB KV budget, 10.0 GiB for weights) in 2 buildings on 1 spines")
                .contains("shards: 466 (2 pipeline stages of up to")
                .contains("+ 464 expert groups of 32 experts, 1.31 GiB each), 2 replicas each = 932 placed")
                .contains("nodes used: 138; spares left: 22 (at least 2 kept)")
                .contains("pipeline stages per replica: 2; stage hops inside one building: 2 of 2; replicas inside one building: 2 of 2")
                .contains("expert groups beside their stage (same building): 928 of 928")
                .contains("shards with replicas in distinct buildings: 466 of 466, households: 466 of 466")
                .containsPattern("solve: [0-9.]+ ms first run, [0-9.]+ ms warm \\(median of 5\\); same placement every run: yes");
        Matcher lost = Pattern.compile("lose (node-\\d+) \\(the fullest node, ([0-9.]+) GiB in 7 shards\\): re-solved in [0-9.]+ ms,"
                + " moved ([0-9.]+) GiB \\(the lost node held ([0-9.]+) GiB\\) onto \\d+ node\\(s\\); version 1 -> 2; spares left: (\\d+)")
                .matcher(run.out());
        assertThat(lost.find()).as(run.out()).isTrue();
        assertThat(lost.group(2)).isEqualTo("9.19");
        assertThat(lost.group(3)).isEqualTo(lost.group(4)).isEqualTo("9.19");
        assertThat(Integer.parseInt(lost.group(5))).isBetween(20, 21);
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheValue() {
        CliRun replication = CliRun.of("bench", "placement", "--replication", "0");
        assertThat(replication.exitCode()).isEqualTo(2);
        assertThat(replication.err()).contains("--replication is 0; give at least 1");

        CliRun kv = CliRun.of("bench", "placement", "--kv-budget-gb", "12");
        assertThat(kv.exitCode()).isEqualTo(2);
        assertThat(kv.err()).contains("--kv-budget-gb is 12.0; give 0 or more and less than --gpu-memory-gb (11.0)");

        CliRun buildings = CliRun.of("bench", "placement", "--nodes", "10", "--buildings", "11");
        assertThat(buildings.exitCode()).isEqualTo(2);
        assertThat(buildings.err()).contains("--buildings is 11; give 1 to --nodes (10)");

        CliRun memory = CliRun.of("bench", "placement", "--gpu-memory-gb", "0");
        assertThat(memory.exitCode()).isEqualTo(2);
        assertThat(memory.err()).contains("--gpu-memory-gb is 0.0");
    }

    @Test
    void aFleetTooSmallIsAOneLineErrorWithTheNumbers() {
        CliRun run = CliRun.of("bench", "placement", "--nodes", "100");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("hearth: the model needs 626.9 GiB × 2 replicas = 1253.8 GiB of weights, but the"
                + " 98 nodes left after 2 spares hold 980.0 GiB beside their KV budget; add at least 28 nodes, or lower"
                + " replication or the KV budget");
    }
}

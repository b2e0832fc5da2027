package dev.hearth.node.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointWriterFailureTest {
    @TempDir
    Path tmp;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static CheckpointWriter writer(Path dir, long maxShard, WriteProgress progress) {
        CheckpointWriter w = new CheckpointWriter(dir, maxShard, progress);
        for (int i = 0; i < 4; i++) {
            w.add("t" + i, DType.F32, new long[] {64}, new float[64]);
        }
        return w;
    }

    @Test
    void refusesATargetThatIsARegularFileAndLeavesNothing() throws Exception {
        Path target = Files.writeString(tmp.resolve("model"), "not a directory");
        assertThatThrownBy(() -> writer(target, 1 << 20, (d, t) -> { }).write(Map.of()))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(target.toString())
                .hasMessageContaining("is not a directory");
        assertThat(names(tmp)).containsExactly("model");
        assertThat(Files.readString(target)).isEqualTo("not a directory");
    }

    @Test
    void aFailureWhilePublishingLeavesNothing() throws Exception {
        Path target = tmp.resolve("model");
        // The target turns into a regular file while the shards are written: the final move fails.
        WriteProgress sabotage = (done, total) -> {
            if (done == total) {
                try {
                    Files.writeString(target, "in the way");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        assertThatThrownBy(() -> writer(target, 300, sabotage).write(Map.of()))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(target.toString());
        assertThat(names(tmp)).containsExactly("model");
        assertThat(Files.readString(target)).isEqualTo("in the way");
    }

    @Test
    void anInterruptedWriteLeavesNothing() throws Exception {
        Path target = tmp.resolve("model");
        WriteProgress interrupt = (done, total) -> {
            if (done > total / 2) {
                throw new IllegalStateException("cancelled");
            }
        };
        assertThatThrownBy(() -> writer(target, 300, interrupt).write(Map.of())).hasMessage("cancelled");
        assertThat(names(tmp)).isEmpty();
    }

    @Test
    void writesBesideOtherFilesButNotOverAnExistingCheckpoint() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("model"));
        Files.writeString(target.resolve("config.json"), "{}");
        writer(target, 300, (d, t) -> { }).write(Map.of());
        assertThat(names(target)).containsExactly("config.json", "model-00001-of-00004.safetensors",
                "model-00002-of-00004.safetensors", "model-00003-of-00004.safetensors",
                "model-00004-of-00004.safetensors", "model.safetensors.index.json");
        assertThat(names(tmp)).containsExactly("model");
        try (Checkpoint c = Checkpoint.open(target)) {
            assertThat(c.names()).containsExactly("t0", "t1", "t2", "t3");
        }

        assertThatThrownBy(() -> writer(target, 1 << 20, (d, t) -> { }).write(Map.of()))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(target.toString())
                .hasMessageContaining("already holds a checkpoint");
        assertThat(names(tmp)).containsExactly("model");
    }

    @Test
    void refusesBadInputToAdd() {
        CheckpointWriter w = new CheckpointWriter(tmp.resolve("x"), 100, (d, t) -> { });
        assertThatThrownBy(() -> w.add("a", DType.F32, new long[] {2, 2}, new byte[15]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 16 bytes, got 15");
        assertThatThrownBy(() -> w.add("a", DType.F8_E4M3, new long[] {1}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Fp8BlockQuantizer");
        w.add("a", DType.F32, new long[] {1}, new float[1]);
        assertThatThrownBy(() -> w.add("a", DType.F32, new long[] {1}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already added");
        assertThatThrownBy(() -> w.add("__metadata__", DType.F32, new long[] {1}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

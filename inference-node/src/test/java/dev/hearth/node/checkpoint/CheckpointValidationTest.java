package dev.hearth.node.checkpoint;

import dev.hearth.node.engine.Fp8Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a checkpoint directory may lack or get wrong, each refused with a message that says where and what. */
class CheckpointValidationTest {
    @TempDir
    Path tmp;

    private Path checkpoint(CheckpointWriter w) {
        w.write(Map.of());
        return tmp.resolve("model");
    }

    private CheckpointWriter writer() {
        return new CheckpointWriter(tmp.resolve("model"), Long.MAX_VALUE, (d, t) -> { });
    }

    private static String refusal(Path dir) {
        try (Checkpoint c = Checkpoint.open(dir)) {
            throw new AssertionError("opened " + c.names());
        } catch (CheckpointException e) {
            return e.getMessage();
        }
    }

    @Test
    void missingTensorNamesTheDirectoryAndTheExpectedShape() {
        CheckpointWriter w = writer();
        w.add("present", DType.F32, new long[] {1}, new float[1]);
        Path dir = checkpoint(w);
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThat(c.find("model.layers.3.mlp.gate.weight")).isEmpty();
            assertThatThrownBy(() -> c.matrix("model.layers.3.mlp.gate.weight", 32, 64))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessage("tensor model.layers.3.mlp.gate.weight is missing from " + dir + " (expected shape [32, 64])");
            assertThatThrownBy(() -> c.info("gone")).hasMessage("tensor gone is missing from " + dir);
        }
    }

    @Test
    void wrongShapeNamesTheFileTheTensorAndBothShapes() {
        CheckpointWriter w = writer();
        w.add("model.layers.3.mlp.gate.weight", DType.BF16, new long[] {16, 64}, new float[16 * 64]);
        w.add("norm", DType.F32, new long[] {8}, new float[8]);
        Path dir = checkpoint(w);
        Path file = dir.resolve("model.safetensors");
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThatThrownBy(() -> c.matrix("model.layers.3.mlp.gate.weight", 32, 64))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessage(file + ": tensor model.layers.3.mlp.gate.weight has shape [16, 64], expected [32, 64]");
            assertThatThrownBy(() -> c.matrix("norm", 8, 1))
                    .hasMessage(file + ": tensor norm has shape [8], expected [8, 1]");
            assertThatThrownBy(() -> c.vector("norm", 9))
                    .hasMessage(file + ": tensor norm has shape [8], expected [9]");
        }
    }

    @Test
    void missingScaleInvCompanion() {
        CheckpointWriter w = writer();
        w.add("q_a_proj.weight", DType.F8_E4M3, new long[] {200, 130}, new byte[200 * 130]);
        Path dir = checkpoint(w);
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThatThrownBy(() -> c.matrix("q_a_proj.weight", 200, 130))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessage(dir.resolve("model.safetensors") + ": the scales of F8_E4M3 tensor q_a_proj.weight"
                            + " [200, 130] belong in tensor q_a_proj.weight_scale_inv with shape [2, 2], which is missing from "
                            + dir);
            assertThatThrownBy(() -> c.floats("q_a_proj.weight")).hasMessageContaining("q_a_proj.weight_scale_inv");
        }
    }

    @Test
    void wrongShapedScaleInvCompanion() {
        CheckpointWriter w = writer();
        w.add("w", DType.F8_E4M3, new long[] {200, 130}, new byte[200 * 130]);
        w.add("w_scale_inv", DType.F32, new long[] {2, 1}, new float[2]);
        Path dir = checkpoint(w);
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThatThrownBy(() -> c.matrix("w", 200, 130))
                    .hasMessage(dir.resolve("model.safetensors") + ": tensor w_scale_inv has shape [2, 1], expected [2, 2]"
                            + " for the scales of F8_E4M3 tensor w [200, 130]");
        }
    }

    @Test
    void missingInt8RowScales() {
        CheckpointWriter w = writer();
        w.add("w", DType.I8, new long[] {3, 4}, new byte[12]);
        w.add("v", DType.I8, new long[] {4}, new byte[4]);
        Path dir = checkpoint(w);
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThatThrownBy(() -> c.matrix("w", 3, 4))
                    .hasMessageContaining("the scales of I8 tensor w [3, 4] belong in tensor w_scale with shape [3]");
            assertThatThrownBy(() -> c.vector("v", 4))
                    .hasMessageContaining("tensor v has dtype I8; a vector must be F32, F16 or BF16");
            assertThatThrownBy(() -> c.floats("v"))
                    .hasMessageContaining("tensor v has dtype I8 and shape [4]; quantized tensors must be non-empty 2-D");
        }
    }

    @Test
    void scalesReadFromBf16Too() {
        Fp8Matrix q = Fp8BlockQuantizer.quantize(QuantizerTest.blockyValues(130, 3, 1), 130, 3);
        CheckpointWriter w = writer();
        w.add("w", DType.F8_E4M3, new long[] {130, 3}, q.data());
        w.add("w_scale_inv", DType.BF16, new long[] {2, 1}, q.scaleInv());
        Path dir = checkpoint(w);
        try (Checkpoint c = Checkpoint.open(dir)) {
            Fp8Matrix read = (Fp8Matrix) c.matrix("w", 130, 3);
            for (int i = 0; i < 2; i++) {
                assertThat(read.scaleInv()[i]).isEqualTo(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(q.scaleInv()[i])));
            }
        }
    }

    @Test
    void emptyDirectory() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        Files.writeString(dir.resolve("config.json"), "{}");
        assertThat(refusal(dir)).isEqualTo(dir + " holds no model.safetensors and no model.safetensors.index.json;"
                + " a checkpoint needs one of them (or other *.safetensors files)");
        assertThat(refusal(tmp.resolve("absent"))).startsWith(tmp.resolve("absent") + " does not exist");
    }

    @Test
    void indexNamingAMissingFile() throws Exception {
        Path dir = shardedCheckpoint();
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        assertThat(refusal(dir)).isEqualTo(dir.resolve("model.safetensors.index.json") + " assigns tensor b to"
                + " model-00002-of-00002.safetensors, but " + dir.resolve("model-00002-of-00002.safetensors")
                + " does not exist");
    }

    @Test
    void indexAssigningATensorToAFileThatLacksIt() throws Exception {
        Path dir = shardedCheckpoint();
        Path index = dir.resolve("model.safetensors.index.json");
        Files.writeString(index, Files.readString(index).replace(
                "\"b\" : \"model-00002-of-00002.safetensors\"", "\"b\" : \"model-00001-of-00002.safetensors\""));
        assertThat(refusal(dir)).isEqualTo(index + " assigns tensor b to model-00001-of-00002.safetensors,"
                + " but that file does not contain it (it holds 1 tensors)");
    }

    @Test
    void indexPointingOutsideTheDirectory() throws Exception {
        Path dir = shardedCheckpoint();
        Path index = dir.resolve("model.safetensors.index.json");
        Files.writeString(index, Files.readString(index).replace("\"model-00002", "\"../model-00002"));
        assertThat(refusal(dir)).contains(index + " assigns tensor b to ../model-00002-of-00002.safetensors;"
                + " expected a file name inside " + dir);
    }

    @Test
    void indexWithoutAWeightMap() throws Exception {
        Path dir = shardedCheckpoint();
        Path index = dir.resolve("model.safetensors.index.json");
        Files.writeString(index, "{\"metadata\": {}}");
        assertThat(refusal(dir)).startsWith(index + " needs a non-empty object \"weight_map\"");
        Files.writeString(index, "{\"weight_map\": ");
        assertThat(refusal(dir)).startsWith(index + " is not valid JSON");
    }

    @Test
    void aTensorInTwoFilesWithoutAnIndex() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("dup"));
        String json = "{'w':{'dtype':'I8','shape':[1],'data_offsets':[0,1]}}";
        RawSafetensors.write(dir.resolve("a.safetensors"), json, 1);
        RawSafetensors.write(dir.resolve("b.safetensors"), json, 1);
        assertThat(refusal(dir)).isEqualTo(dir.resolve("b.safetensors") + ": tensor w is also in "
                + dir.resolve("a.safetensors") + "; without model.safetensors.index.json each tensor must be in exactly one file");
    }

    @Test
    void aFileTruncatedWhileOpenIsNotReadAsGarbage() throws Exception {
        CheckpointWriter w = writer();
        w.add("a", DType.F32, new long[] {2, 2}, new float[4]);
        w.add("b", DType.F32, new long[] {2, 2}, new float[4]);
        Path dir = checkpoint(w);
        Path file = dir.resolve("model.safetensors");
        try (Checkpoint c = Checkpoint.open(dir)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() - 4);
            }
            assertThat(c.floats("a")).containsExactly(0f, 0f, 0f, 0f);
            assertThatThrownBy(() -> c.matrix("b", 2, 2))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining(file + ": tensor b needs bytes")
                    .hasMessageContaining("(truncated while open?)");
        }
    }

    private Path shardedCheckpoint() {
        CheckpointWriter w = new CheckpointWriter(tmp.resolve("model"), 4, (d, t) -> { });
        w.add("a", DType.F32, new long[] {1}, new float[] {1f});
        w.add("b", DType.F32, new long[] {1}, new float[] {2f});
        w.write(Map.of());
        return tmp.resolve("model");
    }
}

package dev.hearth.node.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every way a single file can be broken, each refused with the file, the tensor and what was wrong. */
class SafetensorsFileValidationTest {
    @TempDir
    Path tmp;

    private Path file(String json, int dataBytes) throws Exception {
        return RawSafetensors.write(tmp.resolve("model.safetensors"), json, dataBytes);
    }

    private static String refusal(Path file) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            throw new AssertionError("opened " + f.tensors());
        } catch (CheckpointException e) {
            assertThat(e.getMessage()).startsWith(file.toString() + ":");
            return e.getMessage();
        }
    }

    @Test
    void acceptsAWellFormedFile() throws Exception {
        Path f = file("{'__metadata__':{'k':'v'},'a':{'dtype':'F32','shape':[2,2],'data_offsets':[0,16]},"
                + "'e':{'dtype':'I8','shape':[0],'data_offsets':[16,16]}}", 16);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertThat(s.tensors()).containsOnlyKeys("a", "e");
            assertThat(s.metadata()).isEqualTo(Map.of("k", "v"));
            assertThat(s.bytes("e").remaining()).isZero();
        }
    }

    @Test
    void truncatedDataRegion() throws Exception {
        Path dir = tmp.resolve("ckpt");
        CheckpointWriter w = new CheckpointWriter(dir, Long.MAX_VALUE, (d, t) -> { });
        w.add("first", DType.F32, new long[] {4}, new float[4]);
        w.add("last.weight", DType.F32, new long[] {2, 4}, new float[8]);
        w.write(Map.of());
        Path f = dir.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 5);
        }
        assertThat(refusal(f)).contains("tensor last.weight has data_offsets [16, 48]")
                .contains("ending past the data region, which is 43 bytes (is the file truncated?)");
    }

    @Test
    void headerLengthLargerThanTheFile() throws Exception {
        byte[] header = "{}".getBytes(StandardCharsets.UTF_8);
        Path f = RawSafetensors.writeWithLength(tmp.resolve("x.safetensors"), 5000, header, 10);
        assertThat(refusal(f)).contains("the header length is 5000 bytes but only 12 bytes follow it");
    }

    @Test
    void headerLengthBeyondTheLimit() throws Exception {
        Path f = RawSafetensors.writeWithLength(tmp.resolve("x.safetensors"), -1, new byte[0], 10);
        assertThat(refusal(f)).contains("the header length is 18446744073709551615 bytes")
                .contains("more than the 100000000-byte limit");
    }

    @Test
    void fileShorterThanTheLengthPrefix() throws Exception {
        Path f = java.nio.file.Files.write(tmp.resolve("x.safetensors"), new byte[] {1, 2, 3});
        assertThat(refusal(f)).contains("the file is 3 bytes; a safetensors file starts with an 8-byte header length");
    }

    @Test
    void headerNotJson() throws Exception {
        assertThat(refusal(file("{'a': {'dtype': 'F32', ", 4))).contains("the header is not valid JSON");
    }

    @Test
    void headerNotAnObject() throws Exception {
        assertThat(refusal(file("[1, 2]", 4))).contains("the header must be a JSON object of tensor entries, found array");
    }

    @Test
    void duplicateTensorNames() throws Exception {
        assertThat(refusal(file("{'a':{'dtype':'I8','shape':[1],'data_offsets':[0,1]},"
                + "'a':{'dtype':'I8','shape':[1],'data_offsets':[1,2]}}", 2))).contains("not valid JSON").contains("'a'");
    }

    @Test
    void offsetsBeyondTheDataRegion() throws Exception {
        assertThat(refusal(file("{'w':{'dtype':'F32','shape':[4],'data_offsets':[0,16]}}", 12)))
                .contains("tensor w has data_offsets [0, 16] ending past the data region, which is 12 bytes");
    }

    @Test
    void offsetsDisagreeWithShapeAndDtype() throws Exception {
        assertThat(refusal(file("{'w':{'dtype':'BF16','shape':[2,3],'data_offsets':[0,16]}}", 16)))
                .contains("tensor w has dtype BF16 and shape [2, 3], which need 12 bytes, but its data_offsets [0, 16] span 16");
    }

    @Test
    void offsetsRunningBackwards() throws Exception {
        assertThat(refusal(file("{'w':{'dtype':'I8','shape':[0],'data_offsets':[8,4]}}", 16)))
                .contains("tensor w has data_offsets [8, 4] that run backwards; expected begin <= end");
    }

    @Test
    void overlappingOffsets() throws Exception {
        assertThat(refusal(file("{'a':{'dtype':'F32','shape':[4],'data_offsets':[0,16]},"
                + "'b':{'dtype':'F32','shape':[4],'data_offsets':[8,24]}}", 24)))
                .contains("tensor b has data_offsets [8, 24] overlapping those of tensor a [0, 16]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"F8_E5M2", "Q4", "I64", "F64", ""})
    void unknownDtype(String dtype) throws Exception {
        assertThat(refusal(file("{'w':{'dtype':'" + dtype + "','shape':[1],'data_offsets':[0,1]}}", 8)))
                .contains("tensor w has dtype \"" + dtype + "\", which Hearth cannot read")
                .contains("supported dtypes are F32, F16, BF16, F8_E4M3, I8");
    }

    @Test
    void badShapes() throws Exception {
        assertThat(refusal(file("{'w':{'dtype':'I8','shape':[-1],'data_offsets':[0,1]}}", 8)))
                .contains("tensor w needs \"shape\" as an array of non-negative integers, found [-1]");
        assertThat(refusal(file("{'w':{'dtype':'I8','shape':[1.5],'data_offsets':[0,1]}}", 8)))
                .contains("tensor w needs \"shape\" as an array of non-negative integers, found [1.5]");
        assertThat(refusal(file("{'w':{'dtype':'I8','data_offsets':[0,1]}}", 8)))
                .contains("tensor w needs \"shape\" as an array of non-negative integers, found null");
        assertThat(refusal(file("{'w':{'shape':[1],'data_offsets':[0,1]}}", 8)))
                .contains("tensor w needs a string \"dtype\"");
        assertThat(refusal(file("{'w':{'dtype':'I8','shape':[1],'data_offsets':[0]}}", 8)))
                .contains("tensor w needs \"data_offsets\" [begin, end], found [0]");
        assertThat(refusal(file("{'w':{'dtype':'I8','shape':[4294967296,4294967296],'data_offsets':[0,1]}}", 8)))
                .contains("tensor w has shape [4294967296, 4294967296], more elements than any file can hold");
    }

    @Test
    void metadataMustBeStrings() throws Exception {
        assertThat(refusal(file("{'__metadata__':{'n':1}}", 0)))
                .contains("\"__metadata__\" must map strings to strings, but n is number");
    }

    @Test
    void missingTensorInAFile() throws Exception {
        Path f = file("{'a':{'dtype':'I8','shape':[1],'data_offsets':[0,1]}}", 1);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertThatThrownBy(() -> s.bytes("b")).isInstanceOf(CheckpointException.class)
                    .hasMessage(f + ": tensor b is not in this file (it holds 1 tensors)");
        }
    }

    @Test
    void refusesReadsAfterClose() throws Exception {
        Path f = file("{'a':{'dtype':'I8','shape':[1],'data_offsets':[0,1]}}", 1);
        SafetensorsFile s = SafetensorsFile.open(f);
        s.close();
        assertThatThrownBy(() -> s.bytes("a")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor a cannot be read, the file is closed");
    }
}

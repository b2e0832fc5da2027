package dev.hearth.node.checkpoint;

import dev.hearth.node.engine.Bf16Matrix;
import dev.hearth.node.engine.F32Matrix;
import dev.hearth.node.engine.Fp8Matrix;
import dev.hearth.node.engine.Int8Matrix;
import dev.hearth.node.engine.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointRoundTripTest {
    @TempDir
    Path tmp;

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return out;
    }

    @Test
    void everyDtypeRoundTripsThroughTheLoaders() {
        float[] f32 = random(6 * 5, 1);
        float[] f16 = random(4 * 3, 2);
        f16[0] = 1e-6f; // an F16 subnormal
        f16[1] = 70000f; // beyond F16: infinity
        float[] bf16 = random(3 * 7, 3);
        float[] fp8Source = QuantizerTest.blockyValues(200, 130, 4);
        Fp8Matrix fp8 = Fp8BlockQuantizer.quantize(fp8Source, 200, 130);
        Int8Matrix int8 = Int8Quantizer.quantize(random(9 * 20, 5), 9, 20);
        float[] norm = random(64, 6);

        Path dir = tmp.resolve("model");
        CheckpointWriter w = new CheckpointWriter(dir, Long.MAX_VALUE, (done, total) -> { });
        w.add("f32.weight", DType.F32, new long[] {6, 5}, f32);
        w.add("f16.weight", DType.F16, new long[] {4, 3}, f16);
        w.add("bf16.weight", DType.BF16, new long[] {3, 7}, bf16);
        w.add("fp8.weight", fp8);
        w.add("int8.weight", int8);
        w.add("norm.f32", DType.F32, new long[] {64}, norm);
        w.add("norm.f16", DType.F16, new long[] {64}, norm);
        w.add("norm.bf16", DType.BF16, new long[] {64}, norm);
        w.write(Map.of("format", "pt"));

        assertThat(dir.resolve("model.safetensors")).isRegularFile();
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThat(c.directory()).isEqualTo(dir);
            assertThat(c.names()).containsExactly("f32.weight", "f16.weight", "bf16.weight", "fp8.weight",
                    "fp8.weight_scale_inv", "int8.weight", "int8.weight_scale", "norm.f32", "norm.f16", "norm.bf16");

            F32Matrix a = (F32Matrix) c.matrix("f32.weight", 6, 5);
            assertThat(a.data()).containsExactly(f32);

            F32Matrix b = (F32Matrix) c.matrix("f16.weight", 4, 3);
            for (int i = 0; i < f16.length; i++) {
                assertThat(b.data()[i]).isEqualTo(HalfFloats.f16ToFloat(HalfFloats.floatToF16(f16[i])));
                if (i > 1) {
                    assertThat((double) b.data()[i]).isCloseTo(f16[i], org.assertj.core.data.Offset.offset(1e-3));
                }
            }
            assertThat(b.data()[0]).isEqualTo(17 * 0x1p-24f); // 1e-6 is 16.78 units of 2^-24
            assertThat(b.data()[1]).isEqualTo(Float.POSITIVE_INFINITY);

            Bf16Matrix bf = (Bf16Matrix) c.matrix("bf16.weight", 3, 7);
            for (int i = 0; i < bf16.length; i++) {
                assertThat(bf.data()[i]).isEqualTo(HalfFloats.floatToBf16(bf16[i]));
            }

            Fp8Matrix q8 = (Fp8Matrix) c.matrix("fp8.weight", 200, 130);
            assertThat(q8.data()).containsExactly(fp8.data());
            assertThat(q8.scaleInv()).containsExactly(fp8.scaleInv());
            assertThat(c.info("fp8.weight_scale_inv").shape()).containsExactly(2L, 2L);

            Int8Matrix i8 = (Int8Matrix) c.matrix("int8.weight", 9, 20);
            assertThat(i8.data()).containsExactly(int8.data());
            assertThat(i8.scale()).containsExactly(int8.scale());

            assertThat(c.vector("norm.f32", 64)).containsExactly(norm);
            float[] nf16 = c.vector("norm.f16", 64);
            float[] nbf16 = c.vector("norm.bf16", 64);
            for (int i = 0; i < 64; i++) {
                assertThat(nf16[i]).isEqualTo(HalfFloats.f16ToFloat(HalfFloats.floatToF16(norm[i])));
                assertThat(nbf16[i]).isEqualTo(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(norm[i])));
            }

            assertThat(c.floats("f32.weight")).containsExactly(f32);
            assertThat(c.floats("f16.weight")).containsExactly(b.data());
            assertThat(c.floats("bf16.weight")).containsExactly(dequantized(bf));
            assertThat(c.floats("fp8.weight")).containsExactly(dequantized(fp8));
            assertThat(c.floats("int8.weight")).containsExactly(dequantized(int8));
            assertThat(c.floats("fp8.weight_scale_inv")).containsExactly(fp8.scaleInv());
        }
    }

    static float[] dequantized(Matrix m) {
        float[] out = new float[m.rows() * m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                out[r * m.cols() + c] = m.get(r, c);
            }
        }
        return out;
    }

    @Test
    void writesTheExactBytesOfTheFormat() throws Exception {
        Path dir = tmp.resolve("exact");
        CheckpointWriter w = new CheckpointWriter(dir, 1 << 20, (done, total) -> { });
        w.add("b", DType.F32, new long[] {2}, new float[] {1f, 2f});
        w.add("a", DType.BF16, new long[] {1, 1}, new float[] {-2f});
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        w.write(meta);

        byte[] file = Files.readAllBytes(dir.resolve("model.safetensors"));
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"BF16\",\"shape\":[1,1],\"data_offsets\":[8,10]}}";
        int padded = (json.length() + 7) / 8 * 8;
        ByteBuffer le = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(le.getLong(0)).isEqualTo(padded);
        assertThat(new String(file, 8, padded, StandardCharsets.UTF_8)).isEqualTo(json + " ".repeat(padded - json.length()));
        assertThat(file).hasSize(8 + padded + 10);
        assertThat(le.getFloat(8 + padded)).isEqualTo(1f);
        assertThat(le.getFloat(8 + padded + 4)).isEqualTo(2f);
        assertThat(le.getShort(8 + padded + 8)).isEqualTo((short) 0xC000);

        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            assertThat(f.metadata()).containsExactly(Map.entry("format", "pt"));
            assertThat(f.tensors().keySet()).containsExactly("b", "a");
            TensorInfo a = f.tensors().get("a");
            assertThat(a).isEqualTo(new TensorInfo("a", DType.BF16, List.of(1L, 1L), dir.resolve("model.safetensors"),
                    8 + padded + 8, 2));
            assertThat(a.elementCount()).isEqualTo(1);
            ByteBuffer bytes = f.bytes("b");
            assertThat(bytes.isReadOnly()).isTrue();
            assertThat(bytes.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(bytes.remaining()).isEqualTo(8);
            assertThat(bytes.getFloat(4)).isEqualTo(2f);
        }
    }

    @Test
    void readsTensorsAcrossMappingWindows() {
        Path dir = tmp.resolve("windows");
        CheckpointWriter w = new CheckpointWriter(dir, Long.MAX_VALUE, (done, total) -> { });
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            float[] v = random(3 + i, 100 + i);
            values.add(v);
            w.add("t" + i, DType.F32, new long[] {v.length}, v);
        }
        w.write(Map.of());
        // Windows of 40 bytes: most tensors straddle one or more window edges, as large tensors
        // do in files past 2 GiB.
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"), 40)) {
            for (int i = 0; i < 20; i++) {
                float[] read = Elements.floats(f.bytes("t" + i), DType.F32, values.get(i).length);
                assertThat(read).as("t%d", i).containsExactly(values.get(i));
            }
        }
    }

    @Test
    void reportsProgressUpToTheTotal() throws Exception {
        Path dir = tmp.resolve("progress");
        List<long[]> calls = new ArrayList<>();
        CheckpointWriter w = new CheckpointWriter(dir, Long.MAX_VALUE, (done, total) -> calls.add(new long[] {done, total}));
        w.add("big", DType.I8, new long[] {ShardWriter.CHUNK * 2 + 5}, new byte[ShardWriter.CHUNK * 2 + 5]);
        w.write(Map.of());
        long size = Files.size(dir.resolve("model.safetensors"));
        assertThat(calls.size()).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i)[1]).isEqualTo(size);
            if (i > 0) {
                assertThat(calls.get(i)[0]).isGreaterThan(calls.get(i - 1)[0]);
            }
        }
        assertThat(calls.get(calls.size() - 1)[0]).isEqualTo(size);
    }
}

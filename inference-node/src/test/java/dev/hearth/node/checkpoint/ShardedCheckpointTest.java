package dev.hearth.node.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.engine.Fp8Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ShardedCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void splitsIntoShardsWithAnIndexAndReadsBackIdentically() throws Exception {
        Path dir = tmp.resolve("sharded");
        CheckpointWriter w = new CheckpointWriter(dir, 1000, (done, total) -> { });
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            float[] v = CheckpointRoundTripTest.random(100, i); // 400 bytes each: two per shard
            values.add(v);
            w.add("layer." + i + ".weight", DType.F32, new long[] {10, 10}, v);
        }
        float[] fp8Source = QuantizerTest.blockyValues(130, 40, 9);
        Fp8Matrix fp8 = Fp8BlockQuantizer.quantize(fp8Source, 130, 40); // 5200 bytes: a shard alone
        w.add("big.weight", fp8);
        w.write(Map.of("format", "pt"));

        try (Stream<Path> list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "model-00001-of-00005.safetensors", "model-00002-of-00005.safetensors",
                    "model-00003-of-00005.safetensors", "model-00004-of-00005.safetensors",
                    "model-00005-of-00005.safetensors", "model.safetensors.index.json");
        }
        JsonNode index = new ObjectMapper().readTree(dir.resolve("model.safetensors.index.json").toFile());
        assertThat(index.path("metadata").path("total_size").asLong()).isEqualTo(6 * 400 + 130 * 40 + 2 * 4);
        JsonNode map = index.path("weight_map");
        assertThat(map.path("layer.0.weight").asText()).isEqualTo("model-00001-of-00005.safetensors");
        assertThat(map.path("layer.1.weight").asText()).isEqualTo("model-00001-of-00005.safetensors");
        assertThat(map.path("layer.2.weight").asText()).isEqualTo("model-00002-of-00005.safetensors");
        assertThat(map.path("layer.5.weight").asText()).isEqualTo("model-00003-of-00005.safetensors");
        assertThat(map.path("big.weight").asText()).isEqualTo("model-00004-of-00005.safetensors");
        assertThat(map.path("big.weight_scale_inv").asText()).isEqualTo("model-00005-of-00005.safetensors");
        try (SafetensorsFile shard = SafetensorsFile.open(dir.resolve("model-00002-of-00005.safetensors"))) {
            assertThat(shard.tensors().keySet()).containsExactly("layer.2.weight", "layer.3.weight");
            assertThat(shard.metadata()).containsEntry("format", "pt");
        }

        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThat(c.names()).hasSize(8);
            for (int i = 0; i < 6; i++) {
                assertThat(c.floats("layer." + i + ".weight")).containsExactly(values.get(i));
                assertThat(c.info("layer." + i + ".weight").file().getFileName().toString())
                        .isEqualTo(map.path("layer." + i + ".weight").asText());
            }
            // The weight and its scales live in different shards; the loader finds both.
            Fp8Matrix read = (Fp8Matrix) c.matrix("big.weight", 130, 40);
            assertThat(read.data()).containsExactly(fp8.data());
            assertThat(read.scaleInv()).containsExactly(fp8.scaleInv());
        }
    }
}

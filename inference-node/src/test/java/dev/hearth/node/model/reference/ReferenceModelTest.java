package dev.hearth.node.model.reference;

import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.RopeScaling;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReferenceModelTest {

    /** No layers: logits = lm_head . rmsnorm(embedding). Embedding (3, 4) norms to (3, 4) / sqrt(12.5). */
    @Test
    void withoutLayersLogitsAreTheHeadOfTheNormedEmbedding() {
        TinyModels.Config tc = TinyModels.Config.llama();
        tc.vocabSize = 3;
        tc.hiddenSize = 2;
        tc.numHiddenLayers = 0;
        tc.rmsNormEps = 0;
        Map<String, float[]> t = new HashMap<>();
        t.put("model.embed_tokens.weight", new float[]{3, 4, 1, 0, 0, -2});
        t.put("model.norm.weight", new float[]{1, 2});
        t.put("lm_head.weight", new float[]{1, 0, 0, 1, 1, 1});

        double[][] logits = new ReferenceModel(tc.build(), TinyModels.source(t)).logits(new int[]{0, 2});

        double r = Math.sqrt(12.5);
        assertThat(logits[0][0]).isCloseTo(3 / r, within(1e-14));
        assertThat(logits[0][1]).isCloseTo(8 / r, within(1e-14));
        assertThat(logits[0][2]).isCloseTo(11 / r, within(1e-14));
        // (0, -2): mean square 2, normed (0, -sqrt 2), weighted (0, -2 sqrt 2)
        assertThat(logits[1][0]).isCloseTo(0, within(1e-14));
        assertThat(logits[1][1]).isCloseTo(-2 * Math.sqrt(2), within(1e-14));
    }

    /** With o_proj and every down_proj zero, each layer adds nothing to the residual stream. */
    @Test
    void layersWhoseOutputProjectionsAreZeroPassTheResidualThrough() {
        for (TinyModels.Config tc : new TinyModels.Config[]{new TinyModels.Config(), TinyModels.Config.llama()}) {
            ModelConfig c = tc.build();
            Map<String, float[]> t = TinyModels.randomWeights(c, 21);
            t.replaceAll((name, v) -> name.endsWith("o_proj.weight") || name.endsWith("down_proj.weight")
                    ? new float[v.length] : v);
            tc.numHiddenLayers = 0;
            int[] tokens = {4, 1, 9};
            double[][] withLayers = new ReferenceModel(c, TinyModels.source(t)).logits(tokens);
            double[][] without = new ReferenceModel(tc.build(), TinyModels.source(t)).logits(tokens);
            for (int p = 0; p < tokens.length; p++) {
                assertThat(withLayers[p]).containsExactly(without[p]);
            }
        }
    }

    /**
     * One token through one Llama layer, composed by hand: attention at a single position is
     * o_proj . v (softmax over one key), then the MLP on the post-attention norm, then the final norm
     * and head. Checks each norm sits where HF puts it.
     */
    @Test
    void oneTokenThroughOneLlamaLayerComposesAsWrittenByHand() {
        TinyModels.Config tc = TinyModels.Config.llama();
        tc.numHiddenLayers = 1;
        ModelConfig c = tc.build();
        Map<String, float[]> t = TinyModels.randomWeights(c, 8);
        int token = 5;
        int hidden = c.hiddenSize();
        int kvWidth = c.numKeyValueHeads() * c.headDim();
        String l = "model.layers.0.";

        double[] h = new double[hidden];
        for (int d = 0; d < hidden; d++) {
            h[d] = t.get("model.embed_tokens.weight")[token * hidden + d];
        }
        double[] x = ReferenceMath.rmsNorm(h, t.get(l + "input_layernorm.weight"), c.rmsNormEps());
        double[] v = ReferenceMath.matVec(t.get(l + "self_attn.v_proj.weight"), kvWidth, hidden, x);
        // heads 0,1 read kv head 0; heads 2,3 kv head 1
        double[] perHead = new double[c.numAttentionHeads() * c.headDim()];
        for (int head = 0; head < c.numAttentionHeads(); head++) {
            int g = head / (c.numAttentionHeads() / c.numKeyValueHeads());
            System.arraycopy(v, g * c.headDim(), perHead, head * c.headDim(), c.headDim());
        }
        h = ReferenceMath.add(h, ReferenceMath.matVec(t.get(l + "self_attn.o_proj.weight"), hidden, perHead.length, perHead));
        double[] y = ReferenceMath.rmsNorm(h, t.get(l + "post_attention_layernorm.weight"), c.rmsNormEps());
        h = ReferenceMath.add(h, ReferenceMath.gatedMlp(t.get(l + "mlp.gate_proj.weight"), t.get(l + "mlp.up_proj.weight"),
                t.get(l + "mlp.down_proj.weight"), c.intermediateSize(), hidden, y));
        double[] expected = ReferenceMath.matVec(t.get("lm_head.weight"), c.vocabSize(), hidden,
                ReferenceMath.rmsNorm(h, t.get("model.norm.weight"), c.rmsNormEps()));

        double[] logits = new ReferenceModel(c, TinyModels.source(t)).logits(new int[]{token})[0];
        for (int i = 0; i < expected.length; i++) {
            assertThat(logits[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void tiedEmbeddingsServeAsTheHead() {
        TinyModels.Config tied = new TinyModels.Config();
        tied.tieWordEmbeddings = true;
        ModelConfig c = tied.build();
        Map<String, float[]> t = TinyModels.randomWeights(c, 13);
        assertThat(t).doesNotContainKey("lm_head.weight");
        int[] tokens = {2, 7, 3};
        double[][] viaTie = new ReferenceModel(c, TinyModels.source(t)).logits(tokens);

        TinyModels.Config untied = new TinyModels.Config();
        Map<String, float[]> withHead = new HashMap<>(t);
        withHead.put("lm_head.weight", t.get("model.embed_tokens.weight").clone());
        double[][] viaHead = new ReferenceModel(untied.build(), TinyModels.source(withHead)).logits(tokens);

        for (int p = 0; p < tokens.length; p++) {
            assertThat(viaTie[p]).containsExactly(viaHead[p]);
        }
    }

    @Test
    void logitsAtAPositionDoNotDependOnLaterTokens() {
        TinyModels.Config yarn = new TinyModels.Config();
        yarn.ropeScaling = new RopeScaling(40, 16, 32, 1, 1.0, 1.0);
        TinyModels.Config qProj = new TinyModels.Config();
        qProj.qLoraRank = 0;
        for (TinyModels.Config tc : new TinyModels.Config[]{new TinyModels.Config(), yarn, qProj,
                TinyModels.Config.llama()}) {
            ModelConfig c = tc.build();
            ReferenceModel m = new ReferenceModel(c, TinyModels.source(TinyModels.randomWeights(c, 17)));
            double[][] a = m.logits(new int[]{1, 2, 3, 4});
            double[][] b = m.logits(new int[]{1, 2, 7, 0});
            assertThat(a[0]).containsExactly(b[0]);
            assertThat(a[1]).containsExactly(b[1]);
            assertThat(a[2]).isNotEqualTo(b[2]); // the changed token does matter where it is visible
            // a prefix alone gives the same logits as inside a longer sequence
            assertThat(m.logits(new int[]{1, 2})[1]).containsExactly(a[1]);
        }
    }

    @Test
    void aMissingTensorIsReportedByName() {
        ModelConfig c = new TinyModels.Config().build();
        Map<String, float[]> t = TinyModels.randomWeights(c, 2);
        t.remove("model.layers.1.mlp.shared_experts.up_proj.weight");
        ReferenceModel m = new ReferenceModel(c, name -> t.get(name)); // a source returning null
        assertThatThrownBy(() -> m.logits(new int[]{1})).hasMessageContaining("shared_experts.up_proj");
    }

    @Test
    void aTensorOfTheWrongShapeIsRefused() {
        ModelConfig c = new TinyModels.Config().build();
        Map<String, float[]> t = TinyModels.randomWeights(c, 2);
        t.put("model.layers.0.self_attn.kv_b_proj.weight", new float[3]);
        assertThatThrownBy(() -> new ReferenceModel(c, TinyModels.source(t)).logits(new int[]{1}))
                .hasMessageContaining("kv_b_proj");
    }

    @Test
    void llamaWithScaledRopeIsRefused() {
        TinyModels.Config tc = TinyModels.Config.llama();
        tc.ropeScaling = new RopeScaling(8, 8192, 32, 1, 1, 0);
        assertThatThrownBy(() -> new ReferenceModel(tc.build(), name -> null)).hasMessageContaining("rope");
    }
}

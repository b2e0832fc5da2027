package dev.hearth.node.model;

/**
 * Scratch vectors for one decode step of one sequence, allocated once per sequence so the token
 * loop allocates nothing.
 */
final class Workspace {
    final float[] x;
    final float[] xb;
    final float[] out;
    final float[] q;
    final float[] qa;
    final float[] kv;
    final float[] qLatent;
    final float[] context;
    final float[] attnOut;
    final float[] att;
    final float[] routerLogits;
    final int[] chosen;
    final float[] routeWeights;
    final float[] routeScratch;
    final float[] hb;
    final float[] hb2;
    final float[] expertOut;
    final float[] logits;

    Workspace(ModelConfig c, int capacity) {
        int hidden = c.hiddenSize();
        x = new float[hidden];
        xb = new float[hidden];
        out = new float[hidden];
        expertOut = new float[hidden];
        logits = new float[c.vocabSize()];
        att = new float[capacity];
        int inner = Math.max(c.intermediateSize(), c.moeIntermediateSize() * Math.max(1, c.nSharedExperts()));
        hb = new float[inner];
        hb2 = new float[inner];
        if (c.isDeepSeek()) {
            q = new float[c.numAttentionHeads() * c.qkHeadDim()];
            qa = new float[Math.max(1, c.qLoraRank())];
            kv = new float[c.kvLoraRank() + c.qkRopeHeadDim()];
            qLatent = new float[c.kvLoraRank()];
            context = new float[c.kvLoraRank()];
            attnOut = new float[c.numAttentionHeads() * c.vHeadDim()];
        } else {
            q = new float[c.numAttentionHeads() * c.headDim()];
            qa = new float[0];
            kv = new float[2 * c.numKeyValueHeads() * c.headDim()];
            qLatent = new float[0];
            context = new float[0];
            attnOut = new float[c.numAttentionHeads() * c.headDim()];
        }
        routerLogits = new float[c.nRoutedExperts()];
        chosen = new int[c.numExpertsPerTok()];
        routeWeights = new float[c.numExpertsPerTok()];
        routeScratch = new float[2 * c.nRoutedExperts() + c.nGroup()];
    }
}

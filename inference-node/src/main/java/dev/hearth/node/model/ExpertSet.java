package dev.hearth.node.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routed experts a node holds for its peers under expert parallelism: per MoE layer, the
 * experts a selection picks (null for the others). Nothing else of those layers is loaded: their
 * attention, router and shared experts live on the stage that runs the layer.
 */
public record ExpertSet(ModelConfig config, Map<Integer, Mlp[]> byLayer) {

    public ExpertSet {
        byLayer = Collections.unmodifiableMap(new TreeMap<>(byLayer));
    }

    public static ExpertSet load(ModelConfig c, WeightSource w, ExpertSelection held) {
        Map<Integer, Mlp[]> byLayer = new TreeMap<>();
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            if (!c.isMoeLayer(l)) {
                continue;
            }
            Mlp[] experts = new Mlp[c.nRoutedExperts()];
            boolean any = false;
            for (int e = 0; e < experts.length; e++) {
                if (held.holds(l, e)) {
                    experts[e] = Mlp.load(w, "model.layers." + l + ".mlp.experts." + e + ".", c.hiddenSize(),
                            c.moeIntermediateSize());
                    any = true;
                }
            }
            if (any) {
                byLayer.put(l, experts);
            }
        }
        return new ExpertSet(c, byLayer);
    }

    /** The routed experts a stage holds, sharing its weights rather than loading them again. */
    public static ExpertSet of(StageWeights stage) {
        Map<Integer, Mlp[]> byLayer = new TreeMap<>();
        for (int l = stage.range().from(); l < stage.range().to(); l++) {
            MoeWeights moe = stage.layer(l).moe();
            if (moe != null && moe.experts().stream().anyMatch(m -> m != null)) {
                byLayer.put(l, moe.experts().toArray(new Mlp[0]));
            }
        }
        return new ExpertSet(stage.config(), byLayer);
    }

    /** This set and {@code other} together; where both hold a layer, the experts of either. */
    public ExpertSet with(ExpertSet other) {
        Map<Integer, Mlp[]> merged = new TreeMap<>(byLayer);
        other.byLayer.forEach((layer, experts) -> merged.merge(layer, experts, (a, b) -> {
            Mlp[] both = a.clone();
            for (int e = 0; e < both.length; e++) {
                both[e] = both[e] != null ? both[e] : b[e];
            }
            return both;
        }));
        return new ExpertSet(config, merged);
    }

    /** Expert {@code e} of MoE layer {@code layer}, or null when this node does not hold it. */
    public Mlp expert(int layer, int e) {
        Mlp[] experts = byLayer.get(layer);
        return experts == null || e < 0 || e >= experts.length ? null : experts[e];
    }

    /** How many experts are held, over all layers. */
    public int count() {
        return byLayer.values().stream().mapToInt(a -> (int) Arrays.stream(a).filter(m -> m != null).count()).sum();
    }
}

package dev.hearth.node.shard;

import dev.hearth.node.wire.Activations;
import dev.hearth.node.wire.ExpertRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a node holding experts does with a dispatch: for each row, {@code Σ weight · expert(row)}
 * over the row's slots. Each expert runs once over all the rows that name it. A row's first slot
 * is written, not added to zero, so a single expert at weight 1 comes back as its exact output —
 * the sender then sums outputs in its own order and matches a node that holds every expert.
 */
final class ExpertDispatch {
    private ExpertDispatch() {
    }

    static float[] apply(ExpertHost host, int layer, Activations rows, ExpertRouting routing) {
        int width = rows.cols();
        int slots = routing.slots();
        // expert → (row, slot) pairs, experts in ascending order
        TreeMap<Integer, List<int[]>> uses = new TreeMap<>();
        for (int r = 0; r < rows.rows(); r++) {
            for (int s = 0; s < slots; s++) {
                int e = routing.experts()[r * slots + s];
                if (e != ExpertRouting.NO_EXPERT) {
                    uses.computeIfAbsent(e, x -> new ArrayList<>()).add(new int[] {r, s});
                }
            }
        }
        float[][] perSlot = new float[rows.rows() * slots][];
        for (var use : uses.entrySet()) {
            List<int[]> at = use.getValue();
            float[] in = new float[at.size() * width];
            for (int i = 0; i < at.size(); i++) {
                System.arraycopy(rows.values(), at.get(i)[0] * width, in, i * width, width);
            }
            float[] out = host.run(layer, new int[] {use.getKey()}, List.of(in), new int[] {at.size()}).get(0);
            for (int i = 0; i < at.size(); i++) {
                float[] one = new float[width];
                System.arraycopy(out, i * width, one, 0, width);
                perSlot[at.get(i)[0] * slots + at.get(i)[1]] = one;
            }
        }
        float[] result = new float[rows.rows() * width];
        for (int r = 0; r < rows.rows(); r++) {
            for (int s = 0; s < slots; s++) {
                float[] y = perSlot[r * slots + s];
                if (y == null) {
                    continue;
                }
                float w = routing.weights()[r * slots + s];
                for (int j = 0; j < width; j++) {
                    result[r * width + j] = s == 0 ? w * y[j] : result[r * width + j] + w * y[j];
                }
            }
        }
        return result;
    }
}

package dev.hearth.node.shard;

import dev.hearth.node.shard.StageUnavailableException.Reason;
import dev.hearth.node.model.RemoteExperts;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each remote expert's rows to the peer that holds it: one call per peer and layer carrying
 * all that peer's experts, then the outputs put back in the order asked.
 */
public final class ExpertPeers implements RemoteExperts {
    /** Who holds expert {@code e} of a layer: {@code owners.get(layer)[e]}, null where nobody is known. */
    private final Map<Integer, RemoteExperts[]> owners;

    public ExpertPeers(Map<Integer, RemoteExperts[]> owners) {
        this.owners = Map.copyOf(owners);
    }

    @Override
    public List<float[]> run(int layer, int[] experts, List<float[]> inputs, int[] rows) {
        RemoteExperts[] byExpert = owners.get(layer);
        Map<RemoteExperts, List<Integer>> byPeer = new IdentityHashMap<>();
        for (int i = 0; i < experts.length; i++) {
            RemoteExperts peer = byExpert == null || experts[i] >= byExpert.length ? null : byExpert[experts[i]];
            if (peer == null) {
                throw new StageUnavailableException(Reason.REFUSED, "no node is known to hold expert " + experts[i] + " of layer "
                        + layer + "; the placement map has no owner for it");
            }
            byPeer.computeIfAbsent(peer, p -> new ArrayList<>()).add(i);
        }
        float[][] outputs = new float[experts.length][];
        for (Map.Entry<RemoteExperts, List<Integer>> peer : byPeer.entrySet()) {
            List<Integer> slots = peer.getValue();
            int[] ids = new int[slots.size()];
            int[] counts = new int[slots.size()];
            List<float[]> in = new ArrayList<>(slots.size());
            for (int j = 0; j < slots.size(); j++) {
                ids[j] = experts[slots.get(j)];
                counts[j] = rows[slots.get(j)];
                in.add(inputs.get(slots.get(j)));
            }
            List<float[]> out = peer.getKey().run(layer, ids, in, counts);
            for (int j = 0; j < slots.size(); j++) {
                outputs[slots.get(j)] = out.get(j);
            }
        }
        return List.of(outputs);
    }
}

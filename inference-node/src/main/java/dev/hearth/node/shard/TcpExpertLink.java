package dev.hearth.node.shard;

import dev.hearth.node.model.RemoteExperts;
import dev.hearth.node.wire.ActivationFrame;
import dev.hearth.node.wire.Activations;
import dev.hearth.node.wire.ExpertRouting;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.TraceContext;
import dev.hearth.node.wire.WireFormatException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Routed experts on a peer node: one EXPERT_DISPATCH frame per expert, its rows at weight 1, and
 * each expert's raw output back, which the routing stage weights and sums in its own order.
 */
public final class TcpExpertLink implements RemoteExperts, AutoCloseable {
    private final TcpPeer peer;
    private final FrameCodec codec;
    private final long placementVersion;
    private final HopRecorder hops;

    /** @param hops records each round trip, on behalf of the node that owns the link */
    public TcpExpertLink(HopRecorder hops, String node, InetSocketAddress address, FrameCodec codec, Duration timeout,
                         long placementVersion) {
        this.peer = new TcpPeer(hops.node(), node, address, timeout);
        this.codec = codec;
        this.placementVersion = placementVersion;
        this.hops = hops;
    }

    @Override
    public List<float[]> run(int layer, int[] experts, List<float[]> inputs, int[] rows) {
        List<ActivationFrame> frames = new ArrayList<>(experts.length);
        for (int i = 0; i < experts.length; i++) {
            int n = rows[i];
            int[] tokens = new int[n];
            int[] ids = new int[n];
            float[] weights = new float[n];
            for (int r = 0; r < n; r++) {
                tokens[r] = r;
                ids[r] = experts[i];
            }
            Arrays.fill(weights, 1f);
            frames.add(ActivationFrame.expertDispatch("experts", "", TraceContext.none(), layer, 0, n,
                    placementVersion, new Activations(n, inputs.get(i).length / n, inputs.get(i)),
                    new ExpertRouting(tokens, 1, ids, weights)));
        }
        List<ActivationFrame> reply = peer.roundTrip(ShardProtocol.EXPERTS, frames, codec, hops,
                "experts of layer " + layer, List.of());
        if (reply.size() != experts.length) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED, peer.node() + " answered " + reply.size() + " expert results for "
                    + experts.length + " experts");
        }
        List<float[]> outputs = new ArrayList<>(reply.size());
        for (ActivationFrame f : reply) {
            outputs.add(f.activations().values());
        }
        return outputs;
    }

    @Override
    public void close() {
        peer.close();
    }
}

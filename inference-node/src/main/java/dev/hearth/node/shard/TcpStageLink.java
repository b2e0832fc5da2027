package dev.hearth.node.shard;

import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.StageOutput;
import dev.hearth.node.wire.ActivationFrame;
import dev.hearth.node.wire.Activations;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.FrameKind;
import dev.hearth.node.wire.TraceContext;
import dev.hearth.node.wire.WireFormatException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A stage on a peer node: each step's hidden states go over as one HIDDEN frame per sequence and
 * come back as hidden states, or as logits from the last stage. The first stage, which embeds
 * tokens, always runs on the node that schedules, so only hidden states ever cross the network.
 */
public final class TcpStageLink implements StageLink {
    private final TcpPeer peer;
    private final LayerRange range;
    private final FrameCodec codec;
    private final long placementVersion;
    private final HopRecorder hops;

    /** @param hops records each round trip, on behalf of the node that owns the link */
    public TcpStageLink(HopRecorder hops, String node, InetSocketAddress address, LayerRange range, FrameCodec codec,
                        Duration timeout, long placementVersion) {
        if (range.first()) {
            throw new IllegalArgumentException("layers " + range + " start at layer 0, which embeds tokens: that stage"
                    + " runs on the scheduling node, not behind a link");
        }
        this.peer = new TcpPeer(hops.node(), node, address, timeout);
        this.range = range;
        this.codec = codec;
        this.placementVersion = placementVersion;
        this.hops = hops;
    }

    @Override
    public StageOutput step(List<StageRequest> requests, float[] hidden) {
        int rows = requests.stream().mapToInt(r -> r.tokens().length).sum();
        if (hidden == null || rows == 0 || hidden.length % rows != 0) {
            throw new IllegalArgumentException("stage " + range + " needs hidden states for " + rows + " tokens");
        }
        int width = hidden.length / rows;
        List<ActivationFrame> frames = new ArrayList<>(requests.size());
        int at = 0;
        for (StageRequest r : requests) {
            float[] slice = new float[r.tokens().length * width];
            System.arraycopy(hidden, at, slice, 0, slice.length);
            at += slice.length;
            TraceContext trace = r.owner().traceparent().isEmpty() ? TraceContext.none()
                    : TraceContext.of(r.owner().traceparent());
            frames.add(ActivationFrame.hidden(Long.toString(r.sequence()), r.owner().household(), trace, range.from(),
                    r.start(), placementVersion, new Activations(r.tokens().length, width, slice)));
        }
        List<ActivationFrame> reply = peer.roundTrip(ShardProtocol.STEP, frames, codec, hops, "layers " + range,
                requests.stream().map(StageRequest::owner).toList());
        if (reply.size() != requests.size()) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED, peer.node() + " answered " + reply.size() + " frames for " + requests.size()
                    + " sequences");
        }
        if (reply.get(0).kind() == FrameKind.LOGITS) {
            float[][] logits = new float[reply.size()][];
            for (int i = 0; i < reply.size(); i++) {
                logits[i] = reply.get(i).activations().values();
            }
            return new StageOutput(null, logits);
        }
        float[] next = new float[hidden.length];
        int to = 0;
        for (ActivationFrame f : reply) {
            float[] v = f.activations().values();
            if (to + v.length > next.length) {
                throw new WireFormatException(WireFormatException.Reason.MALFORMED, peer.node() + " answered more hidden states than it was sent");
            }
            System.arraycopy(v, 0, next, to, v.length);
            to += v.length;
        }
        return new StageOutput(next, null);
    }

    @Override
    public void release(long sequence) {
        peer.call((in, out) -> {
            peer.header(out, ShardProtocol.RELEASE);
            out.writeInt(1);
            out.writeLong(sequence);
            out.flush();
            ShardProtocol.readStatus(in, peer.node());
            return null;
        });
    }

    @Override
    public String describe() {
        return peer.node() + " (layers " + range + ")";
    }

    @Override
    public void close() {
        peer.close();
    }
}

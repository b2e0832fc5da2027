package dev.hearth.node.shard;

import dev.hearth.node.shard.StageUnavailableException.Reason;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import dev.hearth.node.model.SequenceOwner;
import dev.hearth.node.wire.ActivationFrame;
import dev.hearth.node.wire.FrameCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One connection to a peer's shard server, opened on first use and again after it breaks. Calls
 * are serialised: the protocol has one request in flight per connection. Any I/O failure closes
 * the connection and reports the peer {@link Reason#UNREACHABLE}.
 */
final class TcpPeer implements AutoCloseable {
    /** One exchange over the connection. */
    interface Exchange<T> {
        T run(DataInputStream in, DataOutputStream out) throws IOException;
    }

    private final String self;
    private final String node;
    private final InetSocketAddress address;
    private final Duration timeout;
    private Socket socket;
    private DataInputStream in;
    private DataOutputStream out;

    /**
     * @param self this node's id, sent with every request: a peer following a placement answers
     *             only nodes in it
     * @param node the peer's id
     */
    TcpPeer(String self, String node, InetSocketAddress address, Duration timeout) {
        this.self = self;
        this.node = node;
        this.address = address;
        this.timeout = timeout;
    }

    String node() {
        return node;
    }

    /** Starts a request: the protocol's magic, the request type and who sends it. */
    void header(DataOutputStream out, byte op) throws IOException {
        out.writeInt(ShardProtocol.MAGIC);
        out.writeByte(op);
        out.writeUTF(self);
    }

    synchronized <T> T call(Exchange<T> exchange) {
        try {
            if (socket == null) {
                Socket s = new Socket();
                s.connect(address, (int) timeout.toMillis());
                s.setTcpNoDelay(true);
                s.setSoTimeout((int) timeout.toMillis());
                socket = s;
                in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
                out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
            }
            return exchange.run(in, out);
        } catch (StageUnavailableException e) {
            if (e.reason() == Reason.REFUSED) {
                close(); // a peer that refuses may hang up after its answer: start afresh next time
            }
            throw e;
        } catch (IOException e) {
            close();
            throw new StageUnavailableException(Reason.UNREACHABLE, node + " at " + address.getHostString() + ":"
                    + address.getPort() + " did not answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    /**
     * One request of {@code op} carrying {@code frames}, answered with the peer's compute time and
     * frames: the round trip is timed by phase and recorded in {@code hops}, with each frame's bytes
     * on the wire, as the work of {@code what} for {@code owners}' requests.
     */
    List<ActivationFrame> roundTrip(byte op, List<ActivationFrame> frames, FrameCodec codec, HopRecorder hops,
                                    String what, List<SequenceOwner> owners) {
        long start = System.nanoTime();
        long startEpoch = epochNanos();
        List<byte[]> encoded = ShardProtocol.encode(codec, frames);
        ShardProtocol.sizes(codec, encoded, (encoding, size) -> hops.frame(node, true, encoding, size));
        long[] phases = new long[3];
        List<ActivationFrame> reply = call((in, out) -> {
            header(out, op);
            ShardProtocol.writeEncoded(out, encoded);
            out.flush();
            long sent = System.nanoTime();
            ShardProtocol.readStatus(in, node);
            phases[1] = in.readLong();
            List<ActivationFrame> answer = ShardProtocol.readFrames(in, codec,
                    (encoding, size) -> hops.frame(node, false, encoding, size));
            phases[0] = sent - start;
            phases[2] = Math.max(0, System.nanoTime() - sent - phases[1]);
            return answer;
        });
        hops.record(node, what, new HopTiming(startEpoch, phases[0], phases[1], phases[2]), owners);
        return reply;
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // it is going away either way
            }
            socket = null;
        }
    }
}

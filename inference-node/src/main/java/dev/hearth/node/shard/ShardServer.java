package dev.hearth.node.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.model.SequenceOwner;
import dev.hearth.node.shard.StageUnavailableException.Reason;
import dev.hearth.node.wire.ActivationFrame;
import dev.hearth.node.wire.Activations;
import dev.hearth.node.wire.ExpertRouting;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.FrameKind;
import dev.hearth.node.wire.WireFormatException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves this node's shard to its peers over TCP ({@link ShardProtocol}): pipeline steps for its
 * stage and expert calls for the routed experts it holds. One thread per connection; a peer keeps
 * one connection open, so threads stay as few as peers. A malformed message is answered with an
 * error and its connection closed; the server goes on serving the others.
 */
public final class ShardServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShardServer.class.getName());
    /** Connections served at once; more are closed on arrival (a peer needs one). */
    static final int MAX_CONNECTIONS = 256;
    /** The largest placement message accepted (a 1,000-node map is a few hundred KB of JSON). */
    static final int MAX_PLACEMENT_BYTES = 16 << 20;
    private final String node;
    private final FrameCodec codec;
    private final ShardAssembler assembler;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Assignment current;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private Thread acceptor;

    /**
     * A server of one stage and/or some experts, outside any placement.
     *
     * @param stage   the stage served, or null when this node serves only experts
     * @param experts the routed experts served, or null
     */
    public ShardServer(String node, StageHost stage, ExpertHost experts, FrameCodec codec) {
        this(node, Assignment.of(stage, experts), codec, null);
        if (stage == null && experts == null) {
            throw new IllegalArgumentException("a shard server needs a stage or experts to serve");
        }
    }

    /**
     * @param initial   what it serves until a placement arrives
     * @param assembler builds what a pushed placement assigns this node; null refuses placements
     */
    public ShardServer(String node, Assignment initial, FrameCodec codec, ShardAssembler assembler) {
        this.node = node;
        this.current = initial;
        this.codec = codec;
        this.assembler = assembler;
    }

    /** What the server serves now. */
    public Assignment assignment() {
        return current;
    }

    public ShardServer start(InetAddress bind, int port) throws IOException {
        server = new ServerSocket(port, 64, bind);
        acceptor = new Thread(this::accept, "hearth-shard-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                closeQuietly(socket);
                continue;
            }
            connections.add(socket);
            Thread t = new Thread(() -> serve(socket), "hearth-shard-" + socket.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true); // one small frame per decode step: never wait to fill a segment
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            while (true) {
                int magic;
                try {
                    magic = in.readInt();
                } catch (EOFException e) {
                    return; // the peer hung up
                }
                if (magic != ShardProtocol.MAGIC) {
                    refuse(out, socket, "bytes that are not a shard message");
                    hangUp(socket, in);
                    return;
                }
                byte op = in.readByte();
                String sender = in.readUTF();
                Assignment now = current;
                // a placement push may come from the control plane; work only from the placement's nodes
                if (op != ShardProtocol.ASSIGN && !now.admits(sender)) {
                    refuse(out, socket, "work from " + sender + ", which is not in placement version " + now.version());
                    hangUp(socket, in);
                    return;
                }
                boolean trusted = answer(op, in, out);
                out.flush();
                if (!trusted) {
                    hangUp(socket, in);
                    return;
                }
            }
        } catch (IOException e) {
            // the connection broke; the peer reconnects or fails over
        } finally {
            connections.remove(socket);
        }
    }

    /**
     * Closes after an answer the peer must still be able to read: stop sending, then drop what it
     * had sent (briefly, boundedly) so closing does not reset the connection and lose the answer.
     */
    private static void hangUp(Socket socket, DataInputStream in) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(200);
            byte[] sink = new byte[1 << 16];
            long dropped = 0;
            int n;
            while (dropped < (1 << 24) && (n = in.read(sink)) >= 0) {
                dropped += n;
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Answers with the reason, logs it and closes the connection: nothing more is read from it. */
    private void refuse(DataOutputStream out, Socket socket, String what) throws IOException {
        LOG.log(System.Logger.Level.WARNING, "{0} refused {1} from {2}; closing the connection", node, what,
                socket.getRemoteSocketAddress());
        ShardProtocol.writeFailure(out, Reason.REFUSED, node + " refused " + what);
        out.flush();
    }

    /** Answers one request; false when the stream can no longer be trusted and must close. */
    private boolean answer(byte op, DataInputStream in, DataOutputStream out) throws IOException {
        try {
            switch (op) {
                case ShardProtocol.STEP, ShardProtocol.EXPERTS -> {
                    List<ActivationFrame> frames = ShardProtocol.readFrames(in, codec);
                    long start = System.nanoTime();
                    List<ActivationFrame> answer = op == ShardProtocol.STEP ? step(frames) : experts(frames);
                    long compute = System.nanoTime() - start; // the sender splits its round trip with it
                    List<byte[]> reply = ShardProtocol.encode(codec, answer);
                    out.writeByte(ShardProtocol.OK);
                    out.writeLong(compute);
                    ShardProtocol.writeEncoded(out, reply);
                }
                case ShardProtocol.RELEASE -> {
                    int count = ShardProtocol.readCount(in);
                    for (int i = 0; i < count; i++) {
                        long id = in.readLong();
                        for (StageHost stage : current.stages().values()) {
                            stage.release(id);
                        }
                    }
                    out.writeByte(ShardProtocol.OK);
                }
                case ShardProtocol.ASSIGN -> {
                    int length = in.readInt();
                    if (length < 1 || length > MAX_PLACEMENT_BYTES) {
                        throw new WireFormatException(WireFormatException.Reason.TOO_LARGE, "a placement of " + length
                                + " bytes; at most " + MAX_PLACEMENT_BYTES + " are accepted");
                    }
                    byte[] body = new byte[length];
                    in.readFully(body);
                    long version = assign(body); // before any answer byte: a refusal must be the whole answer
                    out.writeByte(ShardProtocol.OK);
                    out.writeLong(version);
                }
                default -> {
                    ShardProtocol.writeFailure(out, Reason.REFUSED, node + " does not know request type " + op);
                    return false;
                }
            }
            return true;
        } catch (WireFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} could not read a message ({1}); closing the connection", node,
                    e.getMessage());
            ShardProtocol.writeFailure(out, Reason.REFUSED, node + " could not read the message: " + e.getMessage());
            return false;
        } catch (StageUnavailableException e) {
            ShardProtocol.writeFailure(out, e.reason(), node + ": " + e.getMessage());
            return true;
        } catch (RuntimeException e) {
            ShardProtocol.writeFailure(out, Reason.REFUSED, node + " failed the request: " + e.getMessage());
            return true;
        }
    }

    private List<ActivationFrame> step(List<ActivationFrame> frames) {
        Assignment now = current;
        ActivationFrame head = frames.isEmpty() ? null : frames.get(0);
        StageHost stage = head == null ? null : now.stageFrom(head.layer());
        if (stage == null) {
            throw new StageUnavailableException(Reason.REFUSED, "under placement version " + now.version()
                    + " this node runs " + (now.stages().isEmpty() ? "no stage" : "layers " + ranges(now))
                    + "; the step asks for layer " + (head == null ? "none" : head.layer()));
        }
        int width = stage.stage().config().hiddenSize();
        int from = stage.stage().range().from();
        List<StageRequest> requests = new ArrayList<>(frames.size());
        int rows = 0;
        for (ActivationFrame f : frames) {
            if (f.placementVersion() > now.version()) {
                throw new StageUnavailableException(Reason.REFUSED, "this node follows placement version "
                        + now.version() + ", the step was routed by version " + f.placementVersion()
                        + ", which it has not loaded");
            }
            if (f.kind() != FrameKind.HIDDEN || f.layer() != from || f.activations().cols() != width) {
                throw new StageUnavailableException(Reason.REFUSED, "this node runs layers " + stage.stage().range()
                        + " on hidden states of " + width + "; got a " + f.kind() + " frame for layer " + f.layer()
                        + " of width " + f.activations().cols());
            }
            rows += f.tokenCount();
        }
        float[] hidden = new float[rows * width];
        int at = 0;
        for (ActivationFrame f : frames) {
            long id = sequenceId(f.requestId());
            int needed = f.startPosition() + f.tokenCount();
            // capacity grows as tokens arrive: start at the next 64 positions rather than the whole context
            int capacity = Math.min(stage.stage().contextLength(), Math.max(needed, (needed + 63) / 64 * 64));
            requests.add(new StageRequest(id, f.startPosition(), new int[f.tokenCount()], capacity,
                    new SequenceOwner(f.household(), f.trace().traceparent())));
            System.arraycopy(f.activations().values(), 0, hidden, at, f.activations().values().length);
            at += f.activations().values().length;
        }
        var out = stage.step(requests, hidden);
        List<ActivationFrame> reply = new ArrayList<>(frames.size());
        int row = 0;
        for (int i = 0; i < frames.size(); i++) {
            ActivationFrame f = frames.get(i);
            if (out.isLogits()) {
                float[] logits = out.logits()[i];
                reply.add(new ActivationFrame(FrameKind.LOGITS, f.requestId(), f.household(), f.trace(),
                        stage.stage().range().to(), f.startPosition(), 1, f.placementVersion(),
                        new Activations(1, logits.length, logits), ExpertRouting.none(), ""));
            } else {
                float[] slice = new float[f.tokenCount() * width];
                System.arraycopy(out.hidden(), row * width, slice, 0, slice.length);
                reply.add(ActivationFrame.hidden(f.requestId(), f.household(), f.trace(), stage.stage().range().to(),
                        f.startPosition(), f.placementVersion(), new Activations(f.tokenCount(), width, slice)));
            }
            row += f.tokenCount();
        }
        return reply;
    }

    /** Builds and switches to what a pushed placement assigns this node; returns its version. */
    private long assign(byte[] body) throws IOException {
        if (assembler == null) {
            throw new StageUnavailableException(Reason.REFUSED, "this node was started without a model to load"
                    + " shards from, so it cannot take a placement");
        }
        PlacementPush push = json.readValue(body, PlacementPush.class);
        Assignment now = current;
        if (push.placement().version() < now.version()) {
            throw new StageUnavailableException(Reason.REFUSED, "placement version " + push.placement().version()
                    + " is older than the version " + now.version() + " this node follows");
        }
        // load first, switch after: the old shards serve until the new ones are ready
        current = assembler.assemble(push.placement(), push.socketAddresses(), now, push.prepare());
        return current.version();
    }

    private static String ranges(Assignment a) {
        return a.stages().values().stream().map(h -> h.stage().range().toString()).toList().toString();
    }

    /** Each dispatch frame's rows through the experts they name, weighted and summed per row. */
    private List<ActivationFrame> experts(List<ActivationFrame> frames) {
        ExpertHost experts = current.experts();
        if (experts == null) {
            throw new StageUnavailableException(Reason.REFUSED, "this node holds no routed experts");
        }
        List<ActivationFrame> reply = new ArrayList<>(frames.size());
        for (ActivationFrame f : frames) {
            if (f.kind() != FrameKind.EXPERT_DISPATCH) {
                throw new StageUnavailableException(Reason.REFUSED, "expected EXPERT_DISPATCH frames, got " + f.kind());
            }
            reply.add(ActivationFrame.expertResult(f, new Activations(f.activations().rows(), f.activations().cols(),
                    ExpertDispatch.apply(experts, f.layer(), f.activations(), f.routing()))));
        }
        return reply;
    }

    static long sequenceId(String requestId) {
        try {
            return Long.parseLong(requestId);
        } catch (NumberFormatException e) {
            throw new StageUnavailableException(Reason.REFUSED, "request id \"" + requestId
                    + "\" is not a sequence id: stage frames carry the sequence's number");
        }
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Socket s : connections) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}

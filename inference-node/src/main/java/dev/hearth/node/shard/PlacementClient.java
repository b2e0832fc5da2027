package dev.hearth.node.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Pushes a placement to one node's shard server and returns the version the node now follows. */
public final class PlacementClient {
    private final ObjectMapper json = new ObjectMapper();
    private final String self;
    private final Duration timeout;

    /**
     * @param self    who pushes (the control plane's name), sent with the push
     * @param timeout how long a node may take to load its new shards and answer
     */
    public PlacementClient(String self, Duration timeout) {
        this.self = self;
        this.timeout = timeout;
    }

    /** @throws StageUnavailableException when the node cannot be reached or refuses the placement */
    public long push(String node, InetSocketAddress address, PlacementPush push) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(push);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (TcpPeer peer = new TcpPeer(self, node, address, timeout)) {
            return peer.call((in, out) -> {
                peer.header(out, ShardProtocol.ASSIGN);
                out.writeInt(body.length);
                out.write(body);
                out.flush();
                ShardProtocol.readStatus(in, node);
                return in.readLong();
            });
        }
    }
}

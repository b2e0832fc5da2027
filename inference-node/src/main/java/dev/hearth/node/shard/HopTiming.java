package dev.hearth.node.shard;

/**
 * One round trip to a peer, in nanoseconds: {@code send} to encode and write the request,
 * {@code compute} the peer's own work as it reports it, {@code receive} the rest (transit, the
 * peer's decode and encode, our decode). {@code send + receive} is the hop's software overhead.
 */
public record HopTiming(long startEpochNanos, long send, long compute, long receive) {

    public long overhead() {
        return send + receive;
    }

    public long total() {
        return send + compute + receive;
    }
}

package dev.hearth.node.shard;

import dev.hearth.node.shard.StageUnavailableException.Reason;
import dev.hearth.node.wire.ActivationFrame;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.FramePrefix;
import dev.hearth.node.wire.PayloadEncoding;
import dev.hearth.node.wire.WireFormatException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages between a node and the shard servers of its peers, over one TCP connection each:
 * a request is {@code magic, op, sender} (the sending node's id) then {@code count} and as many
 * items; the answer is a status byte, then (for steps and expert calls) the nanoseconds the peer
 * computed and frames, or an error. Items are activation frames ({@link FrameCodec}: each carries its own length,
 * codec and checksum) or, for {@link #RELEASE}, sequence ids. One request is in flight per
 * connection; a node opens a connection per peer.
 */
final class ShardProtocol {
    static final int MAGIC = 0x48535450; // "HSTP"
    /** HIDDEN frames, one per sequence of the step; answered with HIDDEN frames, or LOGITS frames from the last stage. */
    static final byte STEP = 1;
    /** EXPERT_DISPATCH frames, one per expert; answered with one EXPERT_RESULT frame each. */
    static final byte EXPERTS = 2;
    /** Sequence ids whose caches the stage frees. */
    static final byte RELEASE = 3;
    /** A placement to follow ({@link PlacementPush} as JSON, length first); answered with the version now followed. */
    static final byte ASSIGN = 4;
    static final byte OK = 0;
    static final byte FAILED = 1;
    /** More items than any step carries: a count past it is a corrupt or hostile message. */
    static final int MAX_ITEMS = 65_536;

    private ShardProtocol() {
    }

    /** Encodes every frame before a byte is written, so a frame that cannot be encoded leaves the stream clean. */
    static List<byte[]> encode(FrameCodec codec, List<ActivationFrame> frames) {
        List<byte[]> encoded = new ArrayList<>(frames.size());
        for (ActivationFrame f : frames) {
            encoded.add(codec.encode(f));
        }
        return encoded;
    }

    /** Reports each encoded frame's codec and size, as {@link #readFrames} does for frames read. */
    static void sizes(FrameCodec codec, List<byte[]> frames, FrameSizes sizes) {
        for (byte[] f : frames) {
            sizes.frame(codec.readPrefix(f, 0, FrameCodec.PREFIX_BYTES).encoding(), f.length);
        }
    }

    static void writeEncoded(DataOutputStream out, List<byte[]> frames) throws IOException {
        out.writeInt(frames.size());
        for (byte[] f : frames) {
            out.write(f);
        }
    }

    /** Sees each frame's payload codec and its size on the wire. */
    interface FrameSizes {
        FrameSizes NONE = (encoding, bytes) -> { };

        void frame(PayloadEncoding encoding, int bytes);
    }

    static List<ActivationFrame> readFrames(DataInputStream in, FrameCodec codec) throws IOException {
        return readFrames(in, codec, FrameSizes.NONE);
    }

    static List<ActivationFrame> readFrames(DataInputStream in, FrameCodec codec, FrameSizes sizes) throws IOException {
        int count = readCount(in);
        List<ActivationFrame> frames = new ArrayList<>(count);
        byte[] prefix = new byte[FrameCodec.PREFIX_BYTES];
        for (int i = 0; i < count; i++) {
            in.readFully(prefix);
            FramePrefix head = codec.readPrefix(prefix, 0, prefix.length);
            int length = head.frameLength();
            sizes.frame(head.encoding(), length);
            byte[] frame = new byte[length];
            System.arraycopy(prefix, 0, frame, 0, prefix.length);
            in.readFully(frame, prefix.length, length - prefix.length);
            frames.add(codec.decode(frame));
        }
        return frames;
    }

    static int readCount(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_ITEMS) {
            throw new WireFormatException(WireFormatException.Reason.TOO_LARGE, "a message of " + count + " items; at most " + MAX_ITEMS + " are accepted");
        }
        return count;
    }

    static void writeFailure(DataOutputStream out, Reason reason, String message) throws IOException {
        out.writeByte(FAILED);
        out.writeByte(reason.ordinal());
        out.writeUTF(message.length() > 8_000 ? message.substring(0, 8_000) : message);
    }

    /** Reads the status of an answer; a failure becomes the exception the peer described. */
    static void readStatus(DataInputStream in, String peer) throws IOException {
        byte status = in.readByte();
        if (status == OK) {
            return;
        }
        if (status != FAILED) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED, peer + " answered status " + status + ", expected " + OK + " or " + FAILED);
        }
        int reason = in.readByte();
        String message = in.readUTF();
        Reason[] reasons = Reason.values();
        throw new StageUnavailableException(reason >= 0 && reason < reasons.length ? reasons[reason] : Reason.REFUSED,
                peer + ": " + message);
    }
}

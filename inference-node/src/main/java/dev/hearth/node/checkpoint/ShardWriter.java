package dev.hearth.node.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Streams shards to disk in chunks, reporting each chunk, so that progress moves smoothly even
 * through a single multi-gigabyte tensor. Counts bytes across all the shards of one write.
 */
final class ShardWriter {
    static final int CHUNK = 8 << 20;

    private final WriteProgress progress;
    private final long total;
    private long done;

    ShardWriter(WriteProgress progress, long total) {
        this.progress = progress;
        this.total = total;
    }

    /** Size on disk of a shard with this header and these tensors. */
    static long fileSize(byte[] header, List<PendingTensor> tensors) {
        long n = 8L + header.length;
        for (PendingTensor t : tensors) {
            n += t.data().length;
        }
        return n;
    }

    void write(Path file, byte[] header, List<PendingTensor> tensors) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            put(out, prefix);
            put(out, ByteBuffer.wrap(header));
            for (PendingTensor t : tensors) {
                byte[] data = t.data();
                for (int off = 0; off < data.length; off += CHUNK) {
                    put(out, ByteBuffer.wrap(data, off, Math.min(CHUNK, data.length - off)));
                }
            }
            // On disk before the shard is moved into place, so a crash cannot publish a file of holes.
            out.force(true);
        }
    }

    private void put(FileChannel out, ByteBuffer bytes) throws IOException {
        int n = bytes.remaining();
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
        done += n;
        progress.bytesWritten(done, total);
    }
}

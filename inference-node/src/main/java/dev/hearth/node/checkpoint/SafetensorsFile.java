package dev.hearth.node.checkpoint;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * One safetensors file, memory-mapped read-only. The header is read and validated on open; tensor
 * data is mapped lazily in windows of at most 1 GiB, because one {@link java.nio.ByteBuffer} cannot
 * address more than 2 GiB and DeepSeek-V3's shards are around 4 GiB each. A tensor that straddles
 * two windows gets a mapping of its own. Mappings outlive {@link #close()} until collected (the JDK
 * offers no unmap), but reads after close are refused.
 */
public final class SafetensorsFile implements AutoCloseable {
    static final long DEFAULT_WINDOW = 1L << 30;

    private final Path path;
    private final FileChannel channel;
    private final Header header;
    private final long window;
    private final MappedByteBuffer[] windows;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, Header header, long size, long window) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        this.window = window;
        this.windows = new MappedByteBuffer[(int) ((size + window - 1) / window)];
    }

    public static SafetensorsFile open(Path path) {
        return open(path, DEFAULT_WINDOW);
    }

    /** As {@link #open(Path)} with mapping windows of {@code window} bytes, small in tests to cover straddling. */
    static SafetensorsFile open(Path path, long window) {
        if (window <= 0 || window > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("mapping window must be 1 byte to 2 GiB, got " + window);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(path + ": no such file", e);
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot be opened (" + e.getMessage() + ")", e);
        }
        try {
            long size = channel.size();
            return new SafetensorsFile(path, channel, readHeader(path, channel, size), size, window);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new CheckpointException(path + ": the header cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static Header readHeader(Path path, FileChannel channel, long size) throws IOException {
        if (size < 8) {
            throw new CheckpointException(path + ": the file is " + size
                    + " bytes; a safetensors file starts with an 8-byte header length");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0);
        long length = prefix.getLong(0);
        if (length < 0 || length > HeaderParser.MAX_HEADER_BYTES) {
            throw new CheckpointException(path + ": the header length is " + Long.toUnsignedString(length)
                    + " bytes, more than the " + HeaderParser.MAX_HEADER_BYTES
                    + "-byte limit (corrupt, or not a safetensors file)");
        }
        if (length > size - 8) {
            throw new CheckpointException(path + ": the header length is " + length + " bytes but only "
                    + (size - 8) + " bytes follow it (truncated, or not a safetensors file)");
        }
        ByteBuffer json = ByteBuffer.allocate((int) length);
        readFully(channel, json, 8);
        return HeaderParser.parse(path, json.array(), 8 + length, size - 8 - length);
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into, position + into.position()) < 0) {
                throw new EOFException("file ended after " + (position + into.position()) + " bytes");
            }
        }
    }

    public Path path() {
        return path;
    }

    /** Every tensor of the header, in header order. */
    public Map<String, TensorInfo> tensors() {
        return header.tensors();
    }

    /** The header's {@code __metadata__}, empty when it has none. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** The data of tensor {@code name}: a read-only little-endian view of the mapping, positioned at 0. */
    public ByteBuffer bytes(String name) {
        TensorInfo t = header.tensors().get(name);
        if (t == null) {
            throw new CheckpointException(path + ": tensor " + name + " is not in this file (it holds "
                    + header.tensors().size() + " tensors)");
        }
        return bytes(t);
    }

    ByteBuffer bytes(TensorInfo t) {
        if (closed) {
            throw new CheckpointException(path + ": tensor " + t.name() + " cannot be read, the file is closed");
        }
        long start = t.offset();
        long end = start + t.byteLength();
        if (t.byteLength() > Integer.MAX_VALUE) {
            throw new CheckpointException(path + ": tensor " + t.name() + " is " + t.byteLength()
                    + " bytes; one buffer holds at most " + Integer.MAX_VALUE);
        }
        try {
            // The header was checked against the size at open; a file cut short since then would
            // fault on access instead of failing cleanly, so look again.
            long now = channel.size();
            if (end > now) {
                throw new CheckpointException(path + ": tensor " + t.name() + " needs bytes [" + start + ", "
                        + end + ") but the file is now " + now + " bytes (truncated while open?)");
            }
            if (t.byteLength() == 0) {
                return ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
            int first = (int) (start / window);
            ByteBuffer view;
            if (first == (int) ((end - 1) / window)) {
                int from = (int) (start - first * window);
                view = window(first, from + (int) t.byteLength(), now).slice(from, (int) t.byteLength());
            } else {
                view = channel.map(FileChannel.MapMode.READ_ONLY, start, t.byteLength());
            }
            return view.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new CheckpointException(path + ": tensor " + t.name() + " cannot be mapped (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Window {@code k}, mapped to cover at least its first {@code needed} bytes. The JDK refuses to map
     * a read-only region past the end of the file, so a window is sized to the file as it is now
     * ({@code fileSize}) and mapped again should the file have been shorter when it was first mapped.
     */
    private synchronized MappedByteBuffer window(int k, int needed, long fileSize) throws IOException {
        MappedByteBuffer w = windows[k];
        if (w == null || w.capacity() < needed) {
            long start = k * window;
            w = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(window, fileSize - start));
            windows[k] = w;
        }
        return w;
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot be closed (" + e.getMessage() + ")", e);
        }
    }
}

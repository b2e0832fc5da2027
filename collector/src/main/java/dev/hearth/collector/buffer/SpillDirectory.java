package dev.hearth.collector.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Batches the store could not take yet, one file per batch in a directory, oldest first.
 *
 * <p>A file is named {@code <sequence>-<collected at, epoch ms>-<samples>.batch}, so that the order, the
 * age of the oldest batch and what dropping a file loses are known without reading it; its content is
 * described in {@link SpillCodec}. A batch is written to a {@code .tmp} name, forced to disk, renamed
 * atomically and the directory forced: a crash leaves either the whole file or a {@code .tmp} one, which
 * {@link #open} deletes because it was never reported as spilled. A file that fails its checksum is moved
 * to the {@code corrupt} sub-folder with a log line naming it, and the next one is read.
 *
 * <p>Not thread-safe: the {@link BatchBuffer} owning it serialises every call.
 */
final class SpillDirectory {
    static final String CORRUPT_FOLDER = "corrupt";
    static final String SUFFIX = ".batch";
    static final String TEMP_SUFFIX = ".tmp";
    static final String LOCK_FILE = "spill.lock";
    private static final System.Logger LOG = System.getLogger(SpillDirectory.class.getName());
    private static final Pattern NAME = Pattern.compile("(\\d{19})-(-?\\d{1,19})-(\\d{1,10})\\.batch");

    private final Path directory;
    private final FileChannel lock;
    private final long maxBytes;
    private final ArrayDeque<SpillFile> files;
    private long bytes;
    private long nextSequence;
    private long corruptFiles;

    private SpillDirectory(Path directory, FileChannel lock, long maxBytes, List<SpillFile> files) {
        this.directory = directory;
        this.lock = lock;
        this.maxBytes = maxBytes;
        this.files = new ArrayDeque<>(files);
        this.bytes = files.stream().mapToLong(SpillFile::bytes).sum();
        this.nextSequence = files.isEmpty() ? 0 : files.get(files.size() - 1).sequence() + 1;
    }

    /**
     * Opens {@code directory}, creating it when missing, and indexes the batches a previous run left
     * there, which come before any new one. The directory stays locked until {@link #close()}: two
     * collectors writing one directory would overwrite each other's files.
     *
     * @throws SpillDirectoryException when the directory cannot be created, listed or written, or another
     *                                 collector uses it
     */
    static SpillDirectory open(Path directory, long maxBytes) {
        Path dir = directory.toAbsolutePath().normalize();
        List<SpillFile> found = new ArrayList<>();
        List<Path> misnamed = new ArrayList<>();
        FileChannel lock = null;
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new IOException("it is not writable by this user");
            }
            lock = lock(dir);
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path path : entries.filter(Files::isRegularFile).toList()) {
                    String name = path.getFileName().toString();
                    Matcher m = NAME.matcher(name);
                    if (name.endsWith(TEMP_SUFFIX)) {
                        Files.delete(path);
                        LOG.log(System.Logger.Level.WARNING, "deleted {0}: a spill file whose write did not finish "
                                + "(the collector stopped while writing it), so it was never counted as spilled", path);
                    } else if (m.matches()) {
                        found.add(new SpillFile(path, Long.parseLong(m.group(1)),
                                Instant.ofEpochMilli(Long.parseLong(m.group(2))), Integer.parseInt(m.group(3)),
                                Files.size(path)));
                    } else if (name.endsWith(SUFFIX)) {
                        misnamed.add(path);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock);
            if (e instanceof SpillDirectoryException inUse) {
                throw inUse;
            }
            throw new SpillDirectoryException("the collector's spill directory " + dir + " cannot be used: "
                    + e.getMessage() + ". Make it a directory this user can write, or configure another one.", e);
        }
        found.sort(Comparator.comparingLong(SpillFile::sequence));
        SpillDirectory spill = new SpillDirectory(dir, lock, maxBytes, found);
        for (Path path : misnamed) {
            spill.moveAside(path, "its name is not <sequence>-<epoch ms>-<samples>.batch", 0);
        }
        if (!found.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "{0} spilled batches ({1} bytes) from an earlier run in {2} will be "
                    + "stored before new ones", found.size(), spill.bytes, dir);
        }
        return spill;
    }

    /**
     * Writes {@code batch} after every file already here, first deleting the oldest files as far as
     * needed to stay within the byte bound. Returns the samples dropped to make room, plus the batch's
     * own when it alone is larger than the bound (it is not written then).
     *
     * @throws IOException when the file cannot be written; nothing of it is left behind then
     */
    long append(PendingBatch batch) throws IOException {
        byte[] content = SpillCodec.encode(batch);
        if (content.length > maxBytes) {
            return batch.size();
        }
        long dropped = 0;
        while (bytes + content.length > maxBytes && !files.isEmpty()) {
            SpillFile oldest = files.peekFirst();
            Files.deleteIfExists(oldest.path());
            removeFirst();
            dropped += oldest.samples();
        }
        long sequence = nextSequence++;
        String name = String.format("%019d-%d-%d%s", sequence, batch.collectedAt().toEpochMilli(), batch.size(), SUFFIX);
        Path target = directory.resolve(name);
        Path temp = directory.resolve(name + TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        forceDirectory();
        files.addLast(new SpillFile(target, sequence, batch.collectedAt(), batch.size(), content.length));
        bytes += content.length;
        return dropped;
    }

    /**
     * The oldest intact batch, reading past (and moving aside) corrupt files; empty when none is left.
     */
    Optional<PendingBatch> oldest() {
        while (!files.isEmpty()) {
            SpillFile file = files.peekFirst();
            try {
                if (file.bytes() > maxBytes) {
                    // read whole into memory, so a file beyond the bound is not read: written under a larger
                    // bound, or not by a collector
                    throw new CorruptSpillFileException("it has " + file.bytes() + " bytes, more than the spill"
                            + " bound of " + maxBytes + " bytes lets a batch have");
                }
                PendingBatch batch = SpillCodec.decode(Files.readAllBytes(file.path()));
                if (batch.size() != file.samples()) {
                    throw new CorruptSpillFileException("it holds " + batch.size() + " samples, its name says "
                            + file.samples());
                }
                return Optional.of(batch);
            } catch (CorruptSpillFileException e) {
                removeFirst();
                moveAside(file.path(), e.getMessage(), file.samples());
            } catch (IOException e) {
                removeFirst();
                moveAside(file.path(), "it could not be read (" + e + ")", file.samples());
            }
        }
        return Optional.empty();
    }

    /**
     * Deletes the oldest file, once the store has its batch. Not forced to disk: should the deletion be
     * lost in a crash, the batch is offered again and the store, knowing its id, ignores it.
     */
    void removeOldest() throws IOException {
        SpillFile oldest = files.peekFirst();
        if (oldest != null) {
            Files.deleteIfExists(oldest.path());
            removeFirst();
        }
    }

    int batches() {
        return files.size();
    }

    long bytes() {
        return bytes;
    }

    /** Files moved aside since this directory was opened. */
    long corruptFiles() {
        return corruptFiles;
    }

    Optional<Instant> oldestCollectedAt() {
        return Optional.ofNullable(files.peekFirst()).map(SpillFile::collectedAt);
    }

    Path path() {
        return directory;
    }

    /** Lets go of the directory; its files stay for the next run. */
    void close() {
        closeQuietly(lock);
    }

    private static FileChannel lock(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        boolean locked = false;
        try {
            locked = channel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            // held by another buffer of this process: as much in use as by another process
        }
        if (!locked) {
            channel.close();
            throw new SpillDirectoryException("the collector's spill directory " + dir + " is in use by another "
                    + "collector (it holds the lock on " + LOCK_FILE + "). Give each collector its own spill "
                    + "directory, e.g. its own --data-dir, or stop the other one.", null);
        }
        return channel;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close(); // releases the lock
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the spill directory lock failed: {0}", e);
            }
        }
    }

    private void removeFirst() {
        bytes -= files.removeFirst().bytes();
    }

    private void moveAside(Path file, String reason, int samples) {
        corruptFiles++;
        Path folder = directory.resolve(CORRUPT_FOLDER);
        Path target = folder.resolve(file.getFileName());
        String lost = samples > 0 ? "its " + samples + " samples are not stored" : "it is not stored";
        try {
            Files.createDirectories(folder);
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(System.Logger.Level.WARNING, "spill file {0} is corrupt: {1}; moved it to {2} and went on with the"
                    + " next one ({3}). Inspect it there, or delete it.", file, reason, target, lost);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "spill file " + file + " is corrupt: " + reason + "; it could not be "
                    + "moved to " + folder + " either (" + e + "), so it is skipped until the next start (" + lost
                    + "). Remove it by hand.");
        }
    }

    /** Makes the rename itself durable. Not every platform can open a directory; the rename stays atomic there. */
    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot force directory {0} to disk: {1}", directory, e);
        }
    }

    private record SpillFile(Path path, long sequence, Instant collectedAt, int samples, long bytes) {
    }
}

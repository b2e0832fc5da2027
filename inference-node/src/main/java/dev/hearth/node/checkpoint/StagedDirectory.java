package dev.hearth.node.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a checkpoint is written before it exists: a hidden directory beside the target, on the
 * same file system so that publishing is a rename. A new target directory appears in one rename,
 * complete; into an existing one (which may already hold config.json and a tokenizer) the index
 * moves first, so until the last shard arrives the index names a missing file and the checkpoint
 * refuses to open rather than loading half a model.
 */
final class StagedDirectory {
    private final Path target;
    private final Path stage;

    private StagedDirectory(Path target, Path stage) {
        this.target = target;
        this.stage = stage;
    }

    static StagedDirectory create(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        checkTarget(target);
        Path parent = target.getParent();
        if (parent == null) {
            throw new CheckpointException(target + " cannot hold a checkpoint; expected a directory below the root");
        }
        Files.createDirectories(parent);
        return new StagedDirectory(target, Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-"));
    }

    private static void checkTarget(Path target) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new CheckpointException(target + " exists and is not a directory; expected a new or existing"
                    + " directory to write the checkpoint into");
        }
        try (Stream<Path> list = Files.list(target)) {
            Path existing = list.filter(StagedDirectory::isCheckpointFile).findFirst().orElse(null);
            if (existing != null) {
                throw new CheckpointException(target + " already holds a checkpoint (" + existing.getFileName()
                        + "); expected a directory without one, remove it before writing another");
            }
        }
    }

    private static boolean isCheckpointFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".safetensors") || name.equals(CheckpointLayout.INDEX);
    }

    Path file(String name) {
        return stage.resolve(name);
    }

    /** Moves the staged files into the target; {@code index} (or null) goes first. */
    void publish(List<String> dataFiles, String index) throws IOException {
        if (!Files.exists(target)) {
            Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
            return;
        }
        List<String> order = new ArrayList<>();
        if (index != null) {
            order.add(index);
        }
        order.addAll(dataFiles);
        List<Path> moved = new ArrayList<>();
        try {
            for (String name : order) {
                Path to = target.resolve(name);
                Files.move(stage.resolve(name), to, StandardCopyOption.ATOMIC_MOVE);
                moved.add(to);
            }
        } catch (IOException | RuntimeException e) {
            // Take back what already moved, the index last, so no partial checkpoint stays behind.
            for (int i = moved.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(moved.get(i));
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        Files.delete(stage);
        syncDirectory(target);
    }

    /** Removes the staging directory after a failure, recording any trouble on {@code failure}. */
    void discard(Throwable failure) {
        if (!Files.exists(stage)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(stage)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Makes the renames durable where the platform allows fsync on a directory; elsewhere a no-op. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened or synced; the data files themselves are.
        }
    }
}

package dev.hearth.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The published sample data in {@code ../shared/fixtures} beside the repository, read by the
 * conformance tests. Maven runs tests in a module's folder, so {@code shared/fixtures} is looked for
 * in the working directory and each of its parents; where it is absent the test is skipped, saying
 * what it looked for, never passed.
 */
public final class SharedFixtures {
    public static final String ROOT = "shared/fixtures";

    private SharedFixtures() {
    }

    /** The fixture file or folder at {@code relative} under {@code shared/fixtures}, when present. */
    public static Optional<Path> find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(ROOT).resolve(relative);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Why a test that needs {@code relative} is skipped. */
    public static String missing(String relative) {
        return "fixtures not found: looked for " + ROOT + "/" + relative + " in " + Path.of("").toAbsolutePath()
                + " and its parents; this test needs ../shared/fixtures beside the repository";
    }

    /** The folder {@code shared/fixtures/<relative>}, or the test is skipped, saying what is missing. */
    public static Path folder(String relative) {
        Optional<Path> found = find(relative).filter(Files::isDirectory);
        assumeTrue(found.isPresent(), missing(relative));
        return found.get();
    }

    /** Every regular file under {@code folder} whose name ends in {@code suffix}, sorted. */
    public static List<Path> files(Path folder, String suffix) {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            assumeTrue(!files.isEmpty(), "no *" + suffix + " file under " + folder);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

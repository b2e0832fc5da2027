package dev.hearth.collector.gpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The public sample data in {@code ../shared/fixtures} beside the repository. Maven runs tests in the
 * module folder, so the folder is looked for in the working directory and each of its parents.
 */
final class SharedFixtures {
    private SharedFixtures() {
    }

    /** The folder {@code shared/fixtures/<relative>}, or the test is skipped, saying what is missing. */
    static Path folder(String relative) {
        String wanted = "shared/fixtures/" + relative;
        Optional<Path> found = Optional.empty();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && found.isEmpty(); dir = dir.getParent()) {
            Path candidate = dir.resolve(wanted);
            if (Files.isDirectory(candidate)) {
                found = Optional.of(candidate);
            }
        }
        assumeTrue(found.isPresent(), "fixtures not found: looked for " + wanted + " in "
                + Path.of("").toAbsolutePath() + " and its parents; this conformance test needs ../shared/fixtures");
        return found.get();
    }

    /** Every regular file under {@code folder} whose name ends in {@code suffix}, sorted. */
    static List<Path> files(Path folder, String suffix) {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            assumeTrue(!files.isEmpty(), "no *" + suffix + " file under " + folder);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.hearth.collector.openmetrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the published fixtures in {@code ../shared/fixtures} beside the repository root, from whichever
 * folder the tests run in (Maven runs them in the module's folder): the first {@code shared/fixtures}
 * found in the working directory or one of its parents.
 */
final class SharedFixtures {
    static final String ROOT = "shared/fixtures";

    private SharedFixtures() {
    }

    /** The fixture file or folder at {@code relative} under {@code shared/fixtures}, when present. */
    static Optional<Path> find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(ROOT).resolve(relative);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Why a test that needs {@code relative} is skipped. */
    static String missing(String relative) {
        return "fixtures not found: looked for " + ROOT + "/" + relative + " in " + Path.of("").toAbsolutePath()
                + " and its parents; this test needs ../shared/fixtures beside the repository";
    }
}

package dev.hearth.collector.redfish;

import dev.hearth.testsupport.SharedFixtures;

import org.junit.jupiter.api.DynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finds the public Redfish samples in {@code ../shared/fixtures/redfish} beside the repository. Maven runs
 * tests in the module folder, so the working directory and each of its parents is tried.
 */
final class RedfishFixtures {
    static final String FOLDER = "shared/fixtures/redfish";

    private RedfishFixtures() {
    }

    /**
     * The fixtures' {@code subfolder} for a test factory, or a single test that is skipped saying why: a
     * factory that throws an assumption failure itself shows up as no test at all, not as a skipped one.
     */
    static Stream<DynamicTest> each(String subfolder, Function<Path, Stream<DynamicTest>> tests) {
        Optional<Path> root = find();
        if (root.isPresent() && Files.isDirectory(root.get().resolve(subfolder))) {
            return tests.apply(root.get().resolve(subfolder));
        }
        return Stream.of(DynamicTest.dynamicTest(subfolder + " fixtures missing", () -> require(subfolder)));
    }

    static Optional<Path> find() {
        return SharedFixtures.find("redfish").filter(Files::isDirectory);
    }

    /** The folder, or the test is skipped (not passed) with a message saying what was looked for. */
    static Path require(String subfolder) {
        Optional<Path> root = find();
        assumeTrue(root.isPresent() && Files.isDirectory(root.get().resolve(subfolder)),
                "Redfish fixtures not found: looked for " + FOLDER + "/" + subfolder + " in "
                        + Path.of("").toAbsolutePath() + " and its parents; the conformance tests need the"
                        + " checkout's ../shared/fixtures");
        return root.get().resolve(subfolder);
    }
}

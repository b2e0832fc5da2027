package dev.hearth.node.tokenizer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads every tokenizer.json under {@code ../shared/fixtures} (beside the repository) and checks that
 * it round-trips varied text. Skipped where that folder or such a file is absent, as in a clone
 * elsewhere.
 */
class SharedFixturesConformanceTest {
    private static final String FIXTURES = "shared/fixtures";

    @Test
    void everySharedTokenizerJsonLoadsAndRoundTrips() throws IOException {
        Optional<Path> fixtures = findFixtures();
        assumeTrue(fixtures.isPresent(), "no " + FIXTURES + " in the working directory or its parents;"
                + " this conformance test reads tokenizer.json files from ../shared/fixtures");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(fixtures.get())) {
            files = walk.filter(p -> p.getFileName().toString().equals("tokenizer.json")).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "no tokenizer.json under " + fixtures.get() + "; nothing to check");
        // A plain test rather than one per file, so that a skip shows in the test counts.
        for (Path file : files) {
            check(file);
        }
    }

    private static void check(Path file) {
        BpeTokenizer tokenizer = BpeTokenizer.load(file);
        assertThat(tokenizer.vocabSize()).isPositive();
        List<String> texts = new ArrayList<>(Corpus.varied());
        texts.addAll(Corpus.randomUnicode(3, 100));
        for (String text : texts) {
            int[] ids = tokenizer.encode(text);
            for (int id : ids) {
                assertThat(id).isBetween(0, tokenizer.vocabSize() - 1);
            }
            assertThat(tokenizer.decode(ids)).as("round trip of %s through %s", text, file).isEqualTo(text);
        }
    }

    private static Optional<Path> findFixtures() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FIXTURES);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

package dev.hearth.collector.openmetrics;

import dev.hearth.testsupport.SharedFixtures;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Feeds the prometheus/common text parser's fuzz seeds and Prometheus' parser test data from
 * {@code ../shared/fixtures/prometheus} to both formats: every one must parse or be refused with an
 * {@link ExpositionFormatException}, nothing else. Read as 0.0.4, the seeds taken from valid inputs must
 * parse and those taken from error cases must be refused, but for the two where this parser is knowingly
 * more lenient. Skipped where the fixtures are absent.
 */
class FuzzSeedsTest {
    private static final String SEEDS = "prometheus/prometheus-common-expfmt/fuzz-corpus";
    private static final String TESTDATA = "prometheus/prometheus-textparse-testdata";
    private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** Error seeds that 0.0.4 reading accepts on purpose, with why. */
    private static final Map<String, String> ACCEPTED_ERROR_SEEDS = Map.of(
            "from_test_parse_error_0", "no line feed after the last line: real exporters' answers end so"
                    + " (the vLLM sample among them), and Prometheus reads them",
            "from_test_parse_error_1", "the same, and a \\t escape in a label value is kept as written, as"
                    + " Prometheus' own scraper keeps it");

    private final ExpositionParser parser = new ExpositionParser(ParseLimits.defaults());

    @Test
    void everySeedParsesOrIsRefusedWithAFormatErrorInBothFormats() {
        List<Path> inputs = Stream.concat(files(SEEDS).stream(), files(TESTDATA).stream()).toList();
        int parsed = 0;
        int refused = 0;
        for (Path input : inputs) {
            byte[] bytes = read(input);
            for (String contentType : List.of(TEXT_004, OPENMETRICS)) {
                if (outcome(input, contentType, bytes).isEmpty()) {
                    parsed++;
                } else {
                    refused++;
                }
            }
        }
        System.out.printf("fuzz seeds and parser test data: %d inputs, read in 2 formats: %d parsed, %d refused"
                + " with a format error, 0 crashed%n", inputs.size(), parsed, refused);
        assertThat(parsed + refused).isEqualTo(2 * inputs.size());
    }

    @Test
    void readAs004TheValidSeedsParseAndTheErrorSeedsAreRefused() {
        List<Path> seeds = files(SEEDS);
        TreeSet<String> acceptedErrorSeeds = new TreeSet<>();
        Map<String, String> refusedValidSeeds = new TreeMap<>();
        int valid = 0;
        int errors = 0;
        for (Path seed : seeds) {
            String name = seed.getFileName().toString();
            Optional<ExpositionFormatException> error = outcome(seed, TEXT_004, read(seed));
            if (name.startsWith("from_test_parse_error_")) {
                errors++;
                if (error.isEmpty()) {
                    acceptedErrorSeeds.add(name);
                }
            } else {
                valid++;
                error.ifPresent(e -> refusedValidSeeds.put(name, e.getMessage()));
            }
        }
        System.out.printf("fuzz seeds read as 0.0.4: %d of %d valid seeds parsed, %d of %d error seeds refused"
                        + " (accepted on purpose: %s)%n", valid - refusedValidSeeds.size(), valid,
                errors - acceptedErrorSeeds.size(), errors, acceptedErrorSeeds);

        assertThat(valid).isPositive();
        assertThat(errors).isPositive();
        assertThat(refusedValidSeeds).isEmpty();
        assertThat(acceptedErrorSeeds).containsExactlyInAnyOrderElementsOf(ACCEPTED_ERROR_SEEDS.keySet());
    }

    /** Empty when the input parsed; the format error when it was refused; a test failure for anything else. */
    private Optional<ExpositionFormatException> outcome(Path input, String contentType, byte[] bytes) {
        try {
            parser.parse(contentType, bytes);
            return Optional.empty();
        } catch (ExpositionFormatException e) {
            return Optional.of(e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(input + " read as " + contentType + " crashed the parser with " + e, e);
        }
    }

    private static List<Path> files(String relative) {
        Optional<Path> folder = SharedFixtures.find(relative);
        assumeTrue(folder.isPresent(), SharedFixtures.missing(relative));
        try (Stream<Path> list = Files.list(folder.get())) {
            List<Path> files = list.filter(Files::isRegularFile).sorted().toList();
            assumeTrue(!files.isEmpty(), "no file in " + folder.get());
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

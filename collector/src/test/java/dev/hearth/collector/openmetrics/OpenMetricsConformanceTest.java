package dev.hearth.collector.openmetrics;

import dev.hearth.testsupport.SharedFixtures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs every case of the OpenMetrics parser conformance suite in
 * {@code ../shared/fixtures/prometheus/openmetrics-parsers}: each case's {@code metrics} must parse when its
 * {@code test.json} says {@code shouldParse: true} and be refused with an {@link ExpositionFormatException}
 * when it says false. Skipped where the fixtures are absent.
 */
class OpenMetricsConformanceTest {
    private static final String SUITE = "prometheus/openmetrics-parsers";
    private static final String CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /**
     * Cases this parser decides otherwise than the suite, each with the reason. Empty: the whole suite
     * passes, and the summary test keeps it that way.
     */
    private static final Map<String, String> KNOWN_DEVIATIONS = Map.of();

    private final ObjectMapper json = new ObjectMapper();
    private final ExpositionParser parser = new ExpositionParser(ParseLimits.defaults());

    @TestFactory
    Stream<DynamicTest> everyCaseIsDecidedAsTheSuiteSays() {
        return cases().stream()
                .filter(c -> !KNOWN_DEVIATIONS.containsKey(c.name()))
                .map(c -> DynamicTest.dynamicTest(c.name() + (c.shouldParse() ? " parses" : " is refused"), () -> {
                    if (c.shouldParse()) {
                        assertThatCode(() -> parser.parse(CONTENT_TYPE, c.input())).doesNotThrowAnyException();
                    } else {
                        assertThatThrownBy(() -> parser.parse(CONTENT_TYPE, c.input()))
                                .isInstanceOf(ExpositionFormatException.class);
                    }
                }));
    }

    @Test
    void theWholeSuitePasses() {
        List<Case> cases = cases();
        int accepted = 0;
        int rejected = 0;
        Map<String, String> wrong = new TreeMap<>();
        for (Case c : cases) {
            Optional<ExpositionFormatException> error = outcome(c);
            if (c.shouldParse() && error.isEmpty()) {
                accepted++;
            } else if (!c.shouldParse() && error.isPresent()) {
                rejected++;
            } else {
                wrong.put(c.name(), error.map(Throwable::getMessage).orElse("parsed, but should be refused"));
            }
        }
        System.out.printf("OpenMetrics conformance: %d of %d cases accepted as expected, %d of %d rejected as"
                        + " expected, %d cases in all%n", accepted, cases.stream().filter(Case::shouldParse).count(),
                rejected, cases.stream().filter(c -> !c.shouldParse()).count(), cases.size());

        assertThat(cases).as("cases in " + SUITE).isNotEmpty();
        assertThat(wrong).as("cases decided otherwise than the suite says").containsOnlyKeys(KNOWN_DEVIATIONS.keySet());
        assertThat(accepted + rejected + wrong.size()).isEqualTo(cases.size());
    }

    private Optional<ExpositionFormatException> outcome(Case c) {
        try {
            parser.parse(CONTENT_TYPE, c.input());
            return Optional.empty();
        } catch (ExpositionFormatException e) {
            return Optional.of(e);
        }
    }

    private List<Case> cases() {
        Optional<Path> suite = SharedFixtures.find(SUITE);
        assumeTrue(suite.isPresent(), SharedFixtures.missing(SUITE));
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> folders = Files.list(suite.get())) {
            for (Path folder : folders.filter(p -> Files.isRegularFile(p.resolve("test.json"))).sorted().toList()) {
                JsonNode test = json.readTree(folder.resolve("test.json").toFile());
                assertThat(test.path("type").asText()).as(folder + "/test.json type").isEqualTo("text");
                assertThat(test.has("shouldParse")).as(folder + "/test.json has shouldParse").isTrue();
                byte[] input = Files.readAllBytes(folder.resolve(test.path("file").asText("metrics")));
                cases.add(new Case(folder.getFileName().toString(), input, test.get("shouldParse").asBoolean()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assumeTrue(!cases.isEmpty(), "no case (a folder with test.json) in " + suite.get());
        return cases;
    }

    private record Case(String name, byte[] input, boolean shouldParse) {
    }
}

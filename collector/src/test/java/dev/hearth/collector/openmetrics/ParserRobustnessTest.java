package dev.hearth.collector.openmetrics;

import dev.hearth.testsupport.SharedFixtures;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutates valid and invalid expositions at random (a fixed seed, so a failure repeats) and parses every
 * mutant in both formats: the parser may accept or refuse it, but refusing must always be an
 * {@link ExpositionFormatException}. The inputs are the project's own below, plus, where the fixtures
 * are present, the fuzz seeds and the OpenMetrics conformance cases.
 */
class ParserRobustnessTest {
    private static final int MUTANTS_PER_INPUT = 60;
    private static final byte[] INTERESTING = "{}\"\\#= ,\n\t\r\0._:+-eE9".getBytes(StandardCharsets.UTF_8);
    private static final List<String> OWN_INPUTS = List.of(
            "# TYPE a counter\n# HELP a help\na_total{x=\"1\"} 1 123 # {trace_id=\"ab\"} 0.5 123\na_created 1\n# EOF\n",
            "# TYPE h histogram\n# UNIT h_seconds seconds\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\n"
                    + "h_count 2\nh_sum 1.5\n# EOF\n",
            "# TYPE g gaugehistogram\ng_bucket{le=\"-1\"} 1\ng_bucket{le=\"+Inf\"} 2\ng_gcount 2\ng_gsum -3\n# EOF\n",
            "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 3\ns_count 2\n# TYPE st stateset\nst{st=\"a\"} 1\n"
                    + "# TYPE i info\ni_info{v=\"1\"} 1\n# EOF",
            "# HELP x doc \\n with \\\\ escapes\n# TYPE x gauge\nx{a=\"q\\\"\\n\\\\\",b=\"\"} -Inf 1700000000000\n"
                    + "  y { a = \"1\" , } NaN\r\nz 1e-3\n",
            "# TYPE r summary\nr{quantile=\"0.9\"} 2\nr_sum 1\nr_count 1\n# TYPE b histogram\n"
                    + "b_bucket{le=\"0.5\"} 1\nb_bucket{le=\"+Inf\"} 1\nb_sum 0.1\nb_count 1\n");

    private final ExpositionParser parser = new ExpositionParser(new ParseLimits(1 << 20, 4096, 10_000, 1_000));

    @Test
    void noMutantCrashesTheParser() {
        List<byte[]> inputs = new ArrayList<>();
        OWN_INPUTS.forEach(text -> inputs.add(text.getBytes(StandardCharsets.UTF_8)));
        inputs.addAll(fixtureInputs());
        Random random = new Random(20_240_611L);
        int parsed = 0;
        int refused = 0;
        for (byte[] input : inputs) {
            for (int i = 0; i < MUTANTS_PER_INPUT; i++) {
                byte[] mutant = mutate(input, random);
                for (ExpositionFormat format : ExpositionFormat.values()) {
                    String contentType = format == ExpositionFormat.OPENMETRICS_1_0
                            ? "application/openmetrics-text; version=1.0.0" : "text/plain; version=0.0.4";
                    try {
                        parser.parse(contentType, mutant);
                        parsed++;
                    } catch (ExpositionFormatException e) {
                        refused++;
                        assertThat(e.getMessage()).isNotBlank();
                    } catch (RuntimeException | StackOverflowError e) {
                        throw new AssertionError("mutant crashed the " + format + " parser with " + e + ": "
                                + new String(mutant, StandardCharsets.UTF_8), e);
                    }
                }
            }
        }
        System.out.printf("robustness: %d inputs, %d mutants each, read in 2 formats: %d parsed, %d refused,"
                + " 0 crashed%n", inputs.size(), MUTANTS_PER_INPUT, parsed, refused);
        assertThat(parsed).isPositive();
        assertThat(refused).isPositive();
    }

    private static byte[] mutate(byte[] input, Random random) {
        byte[] out = input.length == 0 ? new byte[] {'a'} : input.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(out.length + 1);
            switch (random.nextInt(6)) {
                case 0 -> { // replace one byte, often with a character the grammar cares about
                    if (out.length > 0) {
                        out[Math.min(at, out.length - 1)] = pick(random);
                    }
                }
                case 1 -> out = insert(out, at, new byte[] {pick(random)});
                case 2 -> { // delete a run
                    int end = Math.min(out.length, at + 1 + random.nextInt(8));
                    out = concat(Arrays.copyOfRange(out, 0, at), Arrays.copyOfRange(out, end, out.length));
                }
                case 3 -> { // repeat a run, e.g. a whole line
                    int end = Math.min(out.length, at + 1 + random.nextInt(40));
                    out = insert(out, at, Arrays.copyOfRange(out, at, end));
                }
                case 4 -> out = Arrays.copyOf(out, at); // cut off, as a dropped connection would
                default -> out = insert(out, at, new byte[] {(byte) (0x80 + random.nextInt(0x80))}); // bad UTF-8
            }
        }
        return out;
    }

    private static byte pick(Random random) {
        return random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
    }

    private static byte[] insert(byte[] into, int at, byte[] what) {
        return concat(concat(Arrays.copyOfRange(into, 0, at), what), Arrays.copyOfRange(into, at, into.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The fuzz seeds and conformance inputs, when the fixtures are there; none otherwise. */
    private static List<byte[]> fixtureInputs() {
        List<byte[]> inputs = new ArrayList<>();
        for (String folder : List.of("prometheus/prometheus-common-expfmt/fuzz-corpus", "prometheus/openmetrics-parsers")) {
            Optional<Path> root = SharedFixtures.find(folder);
            if (root.isEmpty()) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root.get())) {
                for (Path file : walk.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().equals("test.json")).sorted().toList()) {
                    inputs.add(Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return inputs;
    }
}

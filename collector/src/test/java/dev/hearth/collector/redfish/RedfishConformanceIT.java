package dev.hearth.collector.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.CollectException;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Walks every DMTF mockup and every vendor payload set in {@code ../shared/fixtures/redfish}, each served
 * unchanged over HTTP, and checks that temperatures, fan speeds, power and health come out of all of
 * them; the malformed vendor files are refused with an error naming the URL. Counts per fixture are
 * printed (surefire keeps them in {@code target/surefire-reports/*RedfishConformanceIT-output.txt}).
 * Skipped, with the reason, where the fixtures are absent.
 */
class RedfishConformanceIT {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TestFactory
    Stream<DynamicTest> everyDmtfMockup() {
        return RedfishFixtures.each("dmtf-mockups", mockups -> {
            List<Path> folders;
            try (Stream<Path> list = Files.list(mockups)) {
                folders = list.filter(p -> Files.isRegularFile(p.resolve("index.json"))).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (folders.isEmpty()) {
                return Stream.of(DynamicTest.dynamicTest("no mockups", () -> assumeTrue(false,
                        "no mockup (a folder with index.json) in " + mockups)));
            }
            return folders.stream().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(),
                    () -> checkMockup(folder)));
        });
    }

    @TestFactory
    Stream<DynamicTest> everyVendorPayloadSet() {
        return RedfishFixtures.each("vendor", vendor -> VendorScenarios.all(vendor).stream()
                .map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> checkVendor(scenario))));
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedVendorPayloadIsRefused() {
        return RedfishFixtures.each("vendor", vendor -> VendorScenarios.invalid(vendor).stream()
                .map(invalid -> DynamicTest.dynamicTest(invalid.file(), () -> {
            try (FixtureBmc bmc = FixtureBmc.serving(invalid.scenario().documents());
                 RedfishWalker walker = walker(bmc)) {
                assertThatThrownBy(() -> walker.walk(AT))
                        .isInstanceOf(CollectException.class)
                        .hasMessageStartingWith("GET " + bmc.url(invalid.path()) + " returned invalid JSON at line ")
                        .satisfies(e -> System.out.println("refused " + invalid.file() + ": " + e.getMessage()));
            }
        })));
    }

    private void checkMockup(Path mockup) throws Exception {
        RedfishWalkResult result;
        try (FixtureBmc bmc = FixtureBmc.mockup(mockup); RedfishWalker walker = walker(bmc)) {
            result = walker.walk(AT);
        }
        print(mockup.getFileName().toString(), result, List.of());
        assertWellFormed(result);
        Set<Double> temperatures = temperaturesIn(mockup.resolve("Chassis"));
        if (temperatures.isEmpty()) {
            assertThat(result.noReadingsReason()).as("a mockup without thermal data says so").isPresent();
        } else {
            assertThat(result.count(RedfishMetrics.TEMPERATURE.name())).as("temperatures of " + mockup.getFileName())
                    .isPositive();
            assertThat(result.samples()).filteredOn(s -> s.metric().equals(RedfishMetrics.TEMPERATURE.name()))
                    .extracting(Sample::value)
                    .as("every temperature read is one the mockup holds")
                    .allSatisfy(v -> assertThat(temperatures).contains(v));
        }
        assertThat(result.count(RedfishMetrics.HEALTH.name())).as("health of " + mockup.getFileName()).isPositive();
    }

    private void checkVendor(VendorScenario scenario) throws Exception {
        RedfishWalkResult result;
        try (FixtureBmc bmc = FixtureBmc.serving(scenario.documents()); RedfishWalker walker = walker(bmc)) {
            result = walker.walk(AT);
        }
        print(scenario.name(), result, scenario.glue());
        assertWellFormed(result);
        Set<Double> temperatures = new HashSet<>();
        boolean anyStatus = false;
        for (byte[] document : scenario.documents().values()) {
            JsonNode tree = json.readTree(document);
            collectTemperatures(tree, temperatures);
            anyStatus |= tree.path("Status").isObject();
        }
        if (temperatures.isEmpty()) {
            assertThat(result.noReadingsReason()).as("a payload set without thermal data says so").isPresent();
        } else {
            assertThat(result.count(RedfishMetrics.TEMPERATURE.name())).as("temperatures of " + scenario.name())
                    .isPositive();
        }
        if (anyStatus) {
            assertThat(result.count(RedfishMetrics.HEALTH.name())).as("health of " + scenario.name()).isPositive();
        }
    }

    private RedfishWalker walker(FixtureBmc bmc) {
        return new RedfishWalker("mock", bmc.serviceRoot(), http, json, RedfishAuth.none(),
                RedfishLimits.withTimeout(Duration.ofSeconds(20)));
    }

    private static void assertWellFormed(RedfishWalkResult result) {
        assertThat(result.samples()).allSatisfy(s -> {
            assertThat(s.node()).isEqualTo("mock");
            assertThat(s.time()).isEqualTo(AT);
        });
        assertThat(result.samples()).as("no two samples of one series")
                .extracting(s -> s.metric() + s.labels())
                .doesNotHaveDuplicates();
    }

    private static void print(String name, RedfishWalkResult r, List<String> glue) {
        System.out.printf("%-34s temperatures=%d fans(rpm)=%d fans(ratio)=%d power=%d psu-in=%d psu-out=%d"
                        + " health=%d requests=%d%n", name, r.count(RedfishMetrics.TEMPERATURE.name()),
                r.count(RedfishMetrics.FAN_SPEED_RPM.name()), r.count(RedfishMetrics.FAN_SPEED_RATIO.name()),
                r.count(RedfishMetrics.POWER_CONSUMED.name()), r.count(RedfishMetrics.POWER_SUPPLY_INPUT.name()),
                r.count(RedfishMetrics.POWER_SUPPLY_OUTPUT.name()), r.count(RedfishMetrics.HEALTH.name()),
                r.requests());
        r.notes().forEach(n -> System.out.println("    " + n));
        r.noReadingsReason().ifPresent(reason -> System.out.println("    EMPTY: " + reason));
        if (!glue.isEmpty()) {
            System.out.println("    test glue (absent from the captures): " + glue);
        }
    }

    /** Every temperature value in a mockup's chassis documents, whatever resource holds it. */
    private Set<Double> temperaturesIn(Path chassis) throws IOException {
        Set<Double> values = new HashSet<>();
        try (Stream<Path> files = Files.walk(chassis)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().equals("index.json"))::iterator) {
                collectTemperatures(json.readTree(f.toFile()), values);
            }
        }
        return values;
    }

    /** ReadingCelsius, a Reading in Cel, or the Reading of a *Celsius excerpt. */
    private static void collectTemperatures(JsonNode node, Set<Double> values) {
        if (node.isObject()) {
            if (node.path("ReadingCelsius").isNumber()) {
                values.add(node.get("ReadingCelsius").asDouble());
            }
            if (node.path("Reading").isNumber() && "Cel".equals(node.path("ReadingUnits").asText())) {
                values.add(node.get("Reading").asDouble());
            }
            node.fields().forEachRemaining(e -> {
                if (e.getKey().contains("Celsius") && e.getValue().isObject() && e.getValue().path("Reading").isNumber()) {
                    values.add(e.getValue().get("Reading").asDouble());
                }
                if (e.getKey().contains("Celsius") && e.getValue().isArray()) {
                    e.getValue().forEach(x -> {
                        if (x.path("Reading").isNumber()) {
                            values.add(x.get("Reading").asDouble());
                        }
                    });
                }
                collectTemperatures(e.getValue(), values);
            });
        } else if (node.isArray()) {
            node.forEach(x -> collectTemperatures(x, values));
        }
    }
}

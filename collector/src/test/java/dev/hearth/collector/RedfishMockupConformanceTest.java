package dev.hearth.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Walks every DMTF public mockup in {@code ../shared/fixtures/redfish/dmtf-mockups} (beside the
 * repository) with {@link RedfishSource} and checks that it reads every temperature the mockup's Thermal
 * resources hold. Skipped where that folder is absent, as in a clone elsewhere.
 */
class RedfishMockupConformanceTest {
    private static final String MOCKUPS = "shared/fixtures/redfish/dmtf-mockups";
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TestFactory
    Stream<DynamicTest> readsTheTemperaturesOfEveryMockup() throws IOException {
        Optional<Path> mockups = findMockups();
        assumeTrue(mockups.isPresent(), "DMTF Redfish mockups not found: looked for " + MOCKUPS
                + " in the working directory and its parents; this conformance test needs ../shared/fixtures");
        List<Path> folders;
        try (Stream<Path> list = Files.list(mockups.get())) {
            folders = list.filter(p -> Files.isRegularFile(p.resolve("index.json"))).sorted().toList();
        }
        assumeTrue(!folders.isEmpty(), "no mockup (a folder with index.json) in " + mockups.get());
        return folders.stream().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(),
                () -> checkMockup(folder)));
    }

    private void checkMockup(Path mockup) throws Exception {
        List<Expected> expected = expectedTemperatures(mockup);
        assumeTrue(!expected.isEmpty(), mockup.getFileName() + " has no Thermal resource with a temperature reading");

        List<Sample> samples;
        try (RedfishTreeServer server = RedfishTreeServer.serving(mockup)) {
            samples = new RedfishSource("mock", server.serviceRoot(), http, json, Duration.ofSeconds(10)).collect(AT);
        }

        List<Expected> temperatures = samples.stream()
                .filter(s -> s.metric().equals("hearth_bmc_temperature_celsius"))
                .map(s -> new Expected(s.label("chassis"), s.label("sensor"), s.value()))
                .toList();
        assertThat(temperatures).as("temperatures of " + mockup.getFileName())
                .isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.node()).isEqualTo("mock");
            assertThat(s.time()).isEqualTo(AT);
        });
    }

    /** The temperatures with a reading, read straight from the mockup's files. */
    private List<Expected> expectedTemperatures(Path mockup) throws IOException {
        JsonNode members = json.readTree(mockup.resolve("Chassis/index.json").toFile()).get("Members");
        boolean several = members.size() > 1;
        List<Expected> expected = new ArrayList<>();
        for (JsonNode member : members) {
            Path chassisFolder = folderOf(mockup, member.get("@odata.id").asText());
            JsonNode chassis = json.readTree(chassisFolder.resolve("index.json").toFile());
            if (!chassis.has("Thermal")) {
                continue;
            }
            Path thermal = folderOf(mockup, chassis.get("Thermal").get("@odata.id").asText()).resolve("index.json");
            for (JsonNode sensor : json.readTree(thermal.toFile()).path("Temperatures")) {
                if (sensor.path("ReadingCelsius").isNumber()) {
                    expected.add(new Expected(several ? chassis.get("Id").asText() : "",
                            sensor.get("Name").asText(), sensor.get("ReadingCelsius").asDouble()));
                }
            }
        }
        return expected;
    }

    private static Path folderOf(Path mockup, String odataId) {
        return mockup.resolve(odataId.substring("/redfish/v1/".length()));
    }

    private static Optional<Path> findMockups() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(MOCKUPS);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private record Expected(String chassis, String sensor, double celsius) {
    }
}

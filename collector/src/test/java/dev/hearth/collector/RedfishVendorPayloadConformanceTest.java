package dev.hearth.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real vendor Thermal and Power payloads (Dell iDRAC, HPE iLO 4/5, Lenovo XClarity-style) from
 * {@code ../shared/fixtures/redfish/vendor}, served in place of the project's own {@code gpu-node}
 * Thermal and Power resources. Skipped where that folder is absent.
 */
class RedfishVendorPayloadConformanceTest {
    private static final String VENDOR = "shared/fixtures/redfish/vendor";
    private static final String THERMAL = "/redfish/v1/Chassis/Main/Thermal";
    private static final String POWER = "/redfish/v1/Chassis/Main/Power";
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @ParameterizedTest
    @CsvSource({
            "telegraf-redfish-testdata/dell/dell_thermal.json,    telegraf-redfish-testdata/dell/dell_power.json",
            "telegraf-redfish-testdata/hp/hp_thermal.json,        telegraf-redfish-testdata/hp/hp_power.json",
            "telegraf-redfish-testdata/hp/hp_thermal_ilo4.json,   telegraf-redfish-testdata/hp/hp_power.json",
            "bmclib-lenovo-fixtures-v1/thermal.json,              bmclib-lenovo-fixtures-v1/power.json"})
    void readsEveryTemperatureAndPowerReadingOfVendorPayloads(String thermalFile, String powerFile) throws Exception {
        Path vendor = vendorFolder();
        JsonNode thermal = json.readTree(vendor.resolve(thermalFile).toFile());
        JsonNode power = json.readTree(vendor.resolve(powerFile).toFile());

        List<Sample> samples;
        try (RedfishTreeServer server = RedfishTreeServer.servingResource("redfish/gpu-node")
                .override(THERMAL, thermal.toString()).override(POWER, power.toString())) {
            samples = new RedfishSource("n1", server.serviceRoot(), http, json, Duration.ofSeconds(5)).collect(AT);
        }

        assertThat(samples).filteredOn(s -> s.metric().equals("hearth_bmc_temperature_celsius"))
                .as("temperatures of " + thermalFile)
                .hasSize(count(thermal.path("Temperatures"), "ReadingCelsius"))
                .isNotEmpty();
        assertThat(samples).filteredOn(s -> s.metric().equals("hearth_bmc_power_consumed_watts"))
                .as("power of " + powerFile)
                .hasSize(count(power.path("PowerControl"), "PowerConsumedWatts"))
                .isNotEmpty();
        assertThat(samples).filteredOn(s -> s.metric().equals("hearth_bmc_fan_speed_rpm"))
                .allSatisfy(s -> assertThat(s.label("fan")).isNotBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"telegraf-redfish-testdata/dell/dell_thermalinvalid.json",
            "telegraf-redfish-testdata/hp/hp_thermalinvalid.json"})
    void malformedVendorPayloadsAreCollectErrorsNamingTheUrl(String file) throws Exception {
        String broken = Files.readString(vendorFolder().resolve(file));

        try (RedfishTreeServer server = RedfishTreeServer.servingResource("redfish/gpu-node").override(THERMAL, broken)) {
            RedfishSource source = new RedfishSource("n1", server.serviceRoot(), http, json, Duration.ofSeconds(5));

            assertThatThrownBy(() -> source.collect(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessageStartingWith("GET " + server.url(THERMAL) + " returned invalid JSON");
        }
    }

    @Test
    void fansReportedInPercentAreNotSpeeds() throws Exception {
        JsonNode thermal = json.readTree(vendorFolder().resolve("telegraf-redfish-testdata/hp/hp_thermal.json").toFile());

        try (RedfishTreeServer server = RedfishTreeServer.servingResource("redfish/gpu-node")
                .override(THERMAL, thermal.toString())) {
            List<Sample> samples = new RedfishSource("n1", server.serviceRoot(), http, json, Duration.ofSeconds(5))
                    .collect(AT);

            assertThat(samples).noneMatch(s -> s.metric().equals("hearth_bmc_fan_speed_rpm"));
        }
    }

    private static int count(JsonNode array, String numberField) {
        int n = 0;
        for (JsonNode element : array) {
            if (element.path(numberField).isNumber()) {
                n++;
            }
        }
        return n;
    }

    private static Path vendorFolder() throws IOException {
        Optional<Path> found = Optional.empty();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && found.isEmpty(); dir = dir.getParent()) {
            Path candidate = dir.resolve(VENDOR);
            if (Files.isDirectory(candidate)) {
                found = Optional.of(candidate);
            }
        }
        assumeTrue(found.isPresent(), "Redfish vendor payloads not found: looked for " + VENDOR
                + " in the working directory and its parents; this conformance test needs ../shared/fixtures");
        return found.get();
    }
}

package dev.hearth.collector.redfish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.CollectException;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What a walk reads, from which resource, and how it names it. */
class RedfishWalkerIT {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final String TEMP = RedfishMetrics.TEMPERATURE.name();
    private static final String RPM = RedfishMetrics.FAN_SPEED_RPM.name();
    private static final String RATIO = RedfishMetrics.FAN_SPEED_RATIO.name();
    private static final String POWER = RedfishMetrics.POWER_CONSUMED.name();
    private static final String PSU_IN = RedfishMetrics.POWER_SUPPLY_INPUT.name();
    private static final String PSU_OUT = RedfishMetrics.POWER_SUPPLY_OUTPUT.name();
    private static final String HEALTH = RedfishMetrics.HEALTH.name();

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RedfishWalkResult walk(FixtureBmc bmc) throws CollectException {
        try (RedfishWalker walker = new RedfishWalker("n1", bmc.serviceRoot(), http, json, RedfishAuth.none(),
                RedfishLimits.withTimeout(Duration.ofSeconds(10)))) {
            return walker.walk(AT);
        }
    }

    private static List<Sample> of(RedfishWalkResult result, String metric) {
        return result.samples().stream().filter(s -> s.metric().equals(metric)).toList();
    }

    @Test
    void readsLegacyThermalAndPowerNormalisedWithTheHealthOfEverythingMet() throws CollectException {
        RedfishWalkResult result;
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node")) {
            result = walk(bmc);
        }

        assertThat(result.samples()).filteredOn(s -> !s.metric().equals(HEALTH)).containsExactly(
                new Sample(AT, "n1", TEMP, Map.of("sensor", "CPU Temp", "physical_context", "CPU"), 45.5),
                new Sample(AT, "n1", TEMP, Map.of("sensor", "GPU Temp", "physical_context", "GPU"), 71),
                new Sample(AT, "n1", TEMP, Map.of("sensor", "Intake Temp", "physical_context", ""), 24),
                // M.2 Temp and Rear Fan (null readings) are skipped, not zero
                new Sample(AT, "n1", RPM, Map.of("fan", "CPU Fan"), 1800),
                new Sample(AT, "n1", RPM, Map.of("fan", "Case Fan"), 950),
                new Sample(AT, "n1", RATIO, Map.of("fan", "Pump"), 0.6),
                new Sample(AT, "n1", POWER, Map.of("control", "System Input Power"), 312.5));
        assertThat(of(result, HEALTH)).allSatisfy(s -> assertThat(s.value()).isEqualTo(1.0))
                .extracting(s -> s.label("resource"), s -> s.label("component"), s -> s.label("health"),
                        s -> s.label("state"))
                .contains(
                        tuple("/redfish/v1/Chassis/Main", "chassis", "OK", "Enabled"),
                        tuple("/redfish/v1/Chassis/Main/Thermal#/Temperatures/3", "temperature_sensor", "", "Disabled"),
                        tuple("/redfish/v1/Chassis/Main/Thermal#/Fans/3", "fan", "", "Absent"),
                        tuple("/redfish/v1/Chassis/Main/Power#/PowerControl/0", "power_control", "OK", "Enabled"),
                        tuple("/redfish/v1/Systems/Node", "system", "OK", "Enabled"),
                        tuple("/redfish/v1/Systems/Node/Processors/CPU", "cpu", "OK", "Enabled"),
                        tuple("/redfish/v1/Systems/Node/Processors/GPU0", "gpu", "Warning", "Enabled"))
                .hasSize(1 + 4 + 4 + 1 + 3);
        assertThat(of(result, HEALTH)).filteredOn(s -> s.label("component").equals("gpu"))
                .extracting(s -> s.label("name")).containsExactly("GPU 0");
    }

    @Test
    void labelsReadingsWithTheChassisWhenThereAreSeveralAndSaysWhichHaveNone() throws CollectException {
        RedfishWalkResult result;
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/multi-chassis")) {
            result = walk(bmc);
        }

        assertThat(result.samples()).containsExactly(
                new Sample(AT, "n1", TEMP,
                        Map.of("chassis", "Enclosure", "sensor", "Intake Temp", "physical_context", "Intake"), 22),
                new Sample(AT, "n1", RPM, Map.of("chassis", "Enclosure", "fan", "Fan 1"), 4200),
                new Sample(AT, "n1", TEMP,
                        Map.of("chassis", "Board", "sensor", "GPU Temp", "physical_context", "GPU"), 66),
                new Sample(AT, "n1", POWER, Map.of("chassis", "Board", "control", "Board Power"), 250));
        assertThat(result.notes()).contains("chassis /redfish/v1/Chassis/Rack links none of ThermalSubsystem,"
                + " PowerSubsystem, EnvironmentMetrics, Sensors, Thermal, Power: no readings");
    }

    @Test
    void prefersTheNewerResourcesAndDoesNotReadTheDeprecatedOnesWhenTheyGiveNothingMore() throws CollectException {
        Path mockup = RedfishFixtures.require("dmtf-mockups").resolve("public-rackmount1");
        RedfishWalkResult result;
        List<String> requests;
        try (FixtureBmc bmc = FixtureBmc.mockup(mockup)) {
            result = walk(bmc);
            requests = bmc.requests();
        }

        assertThat(requests).doesNotContain("GET /redfish/v1/Chassis/1U/Thermal", "GET /redfish/v1/Chassis/1U/Power");
        // Sensors: every temperature sensor with its physical context (ThermalMetrics lists only two)
        assertThat(of(result, TEMP)).extracting(s -> s.label("sensor"), s -> s.label("physical_context"), Sample::value)
                .containsExactlyInAnyOrder(
                        tuple("Ambient Temperature", "Room", 22.5), tuple("CPU #1 Temperature", "CPU", 44.0),
                        tuple("DIMM #1 Temperature", "Memory", 44.0), tuple("DIMM #2 Temperature", "Memory", 43.0),
                        tuple("DIMM #3 Temperature", "Memory", 45.0),
                        tuple("Fan Bay #1 Exhaust Temperature", "Exhaust", 40.5),
                        tuple("Front Panel Intake Temperature", "Intake", 24.8),
                        tuple("Battery #1 Temperature", "Battery", 33.0));
        // ThermalSubsystem Fans: percent as a ratio, and RPM
        assertThat(of(result, RATIO)).extracting(s -> s.label("fan"), Sample::value).contains(tuple("Fan Bay 1", 0.45));
        assertThat(of(result, RPM)).extracting(s -> s.label("fan"), Sample::value).contains(tuple("Fan Bay 1", 2200.0));
        // EnvironmentMetrics: what the chassis draws, named by its sensor
        assertThat(of(result, POWER)).extracting(s -> s.label("control"), Sample::value)
                .containsExactly(tuple("TotalPower", 374.0));
        assertThat(of(result, PSU_IN)).extracting(s -> s.label("power_supply"), Sample::value)
                .containsExactly(tuple("Power Supply Bay 1", 937.4));
        assertThat(of(result, HEALTH)).extracting(s -> s.label("name"), s -> s.label("component"), s -> s.label("health"))
                .contains(tuple("Power Supply Bay 1", "power_supply", "Warning"),
                        tuple("CPU #1 Temperature", "temperature_sensor", "Warning"));
    }

    @Test
    void gpusAmongTheProcessorsAreReportedAsGpus() throws CollectException {
        Path mockup = RedfishFixtures.require("dmtf-mockups").resolve("public-tower");
        RedfishWalkResult result;
        try (FixtureBmc bmc = FixtureBmc.mockup(mockup)) {
            result = walk(bmc);
        }

        assertThat(of(result, HEALTH)).filteredOn(s -> s.label("component").equals("gpu"))
                .extracting(s -> s.label("resource"), s -> s.label("health"))
                .containsExactlyInAnyOrder(tuple("/redfish/v1/Systems/437XR1238R2/Processors/GPU1", "OK"),
                        tuple("/redfish/v1/Systems/437XR1238R2/Processors/GPU2", "OK"));
    }

    @Test
    void followsLinksGivenAsFullUrlsOfTheSameBmc() throws CollectException {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node")) {
            bmc.document("/redfish/v1/Chassis", "{\"Members\": [{\"@odata.id\": \"" + bmc.url("/redfish/v1/Chassis/Main")
                    + "\"}, {\"@odata.id\": \"/redfish/v1/Chassis/Main/\"}]}");

            // listed twice (once as a URL, once with a trailing slash): read once
            assertThat(of(walk(bmc), TEMP)).hasSize(3);
        }
    }

    @Test
    void readsADeprecatedResourceForWhatTheNewerOnesLack() throws CollectException {
        // fans only in ThermalSubsystem, temperatures only in the deprecated Thermal
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node")
                .document("/redfish/v1/Chassis/Main", """
                        {"Id": "Main", "Thermal": {"@odata.id": "/redfish/v1/Chassis/Main/Thermal"},
                         "ThermalSubsystem": {"@odata.id": "/redfish/v1/Chassis/Main/ThermalSubsystem"}}""")
                .document("/redfish/v1/Chassis/Main/ThermalSubsystem", """
                        {"Fans": {"@odata.id": "/redfish/v1/Chassis/Main/ThermalSubsystem/Fans"}}""")
                .document("/redfish/v1/Chassis/Main/ThermalSubsystem/Fans", """
                        {"Members": [{"@odata.id": "/redfish/v1/Chassis/Main/ThermalSubsystem/Fans/0"}]}""")
                .document("/redfish/v1/Chassis/Main/ThermalSubsystem/Fans/0", """
                        {"@odata.id": "/redfish/v1/Chassis/Main/ThermalSubsystem/Fans/0", "Name": "GPU Fan",
                         "SpeedPercent": {"Reading": 80, "SpeedRPM": 3100}}""")) {
            RedfishWalkResult result = walk(bmc);

            assertThat(of(result, TEMP)).extracting(s -> s.label("sensor"))
                    .containsExactly("CPU Temp", "GPU Temp", "Intake Temp");
            assertThat(result.samples()).filteredOn(s -> s.metric().equals(RPM) || s.metric().equals(RATIO))
                    .extracting(Sample::metric, s -> s.label("fan"), Sample::value)
                    .containsExactly(tuple(RATIO, "GPU Fan", 0.8), tuple(RPM, "GPU Fan", 3100.0));
            assertThat(result.notes()).containsExactly("chassis /redfish/v1/Chassis/Main: 3 temperatures from Thermal,"
                    + " 2 fan speeds from ThermalSubsystem, no power readings, no power supply readings");
        }
    }

    @Test
    void suppliesOfTheSameNameAreToldApartByTheirResource() throws CollectException {
        Path vendor = RedfishFixtures.require("vendor");
        VendorScenario hpe = VendorScenarios.all(vendor).stream()
                .filter(s -> s.name().equals("telegraf-hpe-ilo5")).findFirst().orElseThrow();
        RedfishWalkResult result;
        try (FixtureBmc bmc = FixtureBmc.serving(hpe.documents())) {
            result = walk(bmc);
        }

        assertThat(of(result, PSU_OUT)).extracting(s -> s.label("power_supply"), Sample::value)
                .containsExactly(tuple("HpeServerPowerSupply [0]", 0.0), tuple("HpeServerPowerSupply [1]", 90.0));
        assertThat(of(result, RATIO)).extracting(s -> s.label("fan"), Sample::value)
                .containsExactly(tuple("Fan 1", 0.23), tuple("Fan 2", 0.23), tuple("Fan 3", 0.23));
    }

    @Test
    void readsTheFanOfHpeIlo4WhichPredatesReadingUnits() throws CollectException {
        Path vendor = RedfishFixtures.require("vendor");
        VendorScenario ilo4 = VendorScenarios.all(vendor).stream()
                .filter(s -> s.name().equals("telegraf-hpe-ilo4")).findFirst().orElseThrow();
        try (FixtureBmc bmc = FixtureBmc.serving(ilo4.documents())) {
            assertThat(of(walk(bmc), RATIO)).extracting(s -> s.label("fan"), Sample::value)
                    .containsExactly(tuple("Fan 1", 0.17));
        }
    }
}

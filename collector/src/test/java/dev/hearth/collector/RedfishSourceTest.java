package dev.hearth.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedfishSourceTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final String TEMP = "hearth_bmc_temperature_celsius";
    private static final String FAN = "hearth_bmc_fan_speed_rpm";
    private static final String POWER = "hearth_bmc_power_consumed_watts";
    private static final String FAN_RATIO = "hearth_bmc_fan_speed_ratio";
    private static final String HEALTH = "hearth_bmc_health";
    private static final String THERMAL = "/redfish/v1/Chassis/Main/Thermal";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private RedfishTreeServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private RedfishSource source(URI serviceRoot) {
        return new RedfishSource("n1", serviceRoot, http, json, Duration.ofSeconds(5));
    }

    private List<Sample> collect(String tree) throws CollectException {
        server = RedfishTreeServer.servingResource(tree);
        return source(server.serviceRoot()).collect(AT);
    }

    @Test
    void readsTemperaturesFansAndPowerOfOneChassis() throws CollectException {
        List<Sample> samples = collect("redfish/gpu-node");

        assertThat(samples).filteredOn(s -> !s.metric().equals(HEALTH)).containsExactly(
                new Sample(AT, "n1", TEMP, Map.of("sensor", "CPU Temp", "physical_context", "CPU"), 45.5),
                new Sample(AT, "n1", TEMP, Map.of("sensor", "GPU Temp", "physical_context", "GPU"), 71),
                new Sample(AT, "n1", TEMP, Map.of("sensor", "Intake Temp", "physical_context", ""), 24),
                // M.2 Temp and Rear Fan (null readings) are skipped; the Pump in Percent is a ratio, not a speed
                new Sample(AT, "n1", FAN, Map.of("fan", "CPU Fan"), 1800),
                new Sample(AT, "n1", FAN, Map.of("fan", "Case Fan"), 950),
                new Sample(AT, "n1", FAN_RATIO, Map.of("fan", "Pump"), 0.6),
                new Sample(AT, "n1", POWER, Map.of("control", "System Input Power"), 312.5));
        assertThat(samples).filteredOn(s -> s.metric().equals(HEALTH)).isNotEmpty();
    }

    @Test
    void labelsSamplesWithTheChassisWhenThereAreSeveral() throws CollectException {
        List<Sample> samples = collect("redfish/multi-chassis");

        assertThat(samples).containsExactly(
                new Sample(AT, "n1", TEMP,
                        Map.of("chassis", "Enclosure", "sensor", "Intake Temp", "physical_context", "Intake"), 22),
                new Sample(AT, "n1", FAN, Map.of("chassis", "Enclosure", "fan", "Fan 1"), 4200),
                new Sample(AT, "n1", TEMP,
                        Map.of("chassis", "Board", "sensor", "GPU Temp", "physical_context", "GPU"), 66),
                new Sample(AT, "n1", POWER, Map.of("chassis", "Board", "control", "Board Power"), 250));
    }

    @Test
    void isABmcSourceOfItsNode() {
        RedfishSource source = source(URI.create("http://127.0.0.1:1/redfish/v1"));

        assertThat(source.kind()).isEqualTo("bmc");
        assertThat(source.node()).isEqualTo("n1");
    }

    @Test
    void invalidJsonNamesTheUrl() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node").override(THERMAL, "{\"Temperatures\": [");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageStartingWith("GET " + server.url(THERMAL) + " returned invalid JSON at line 1 column ");
    }

    @Test
    void trailingContentAfterTheResourceIsInvalidJson() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node").override(THERMAL, "{\"Temperatures\": []} {");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageStartingWith("GET " + server.url(THERMAL) + " returned invalid JSON");
    }

    @Test
    void aServiceRootWithoutChassisLinkNamesTheField() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node")
                .override("/redfish/v1", "{\"Id\": \"RootService\", \"Systems\": {\"@odata.id\": \"/redfish/v1/Systems\"}}");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessage(server.serviceRoot() + ": field 'Chassis' is missing; expected {\"@odata.id\": \"/redfish/v1/...\"}");
    }

    @Test
    void membersThatAreNotAnArrayNameTheField() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node")
                .override("/redfish/v1/Chassis", "{\"Members\": {\"@odata.id\": \"/redfish/v1/Chassis/Main\"}}");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageStartingWith(server.url("/redfish/v1/Chassis") + ": field 'Members' is an object;");
    }

    @Test
    void aReadingOfTheWrongTypeNamesTheUrlAndField() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node").override(THERMAL,
                "{\"Temperatures\": [{\"Name\": \"CPU Temp\", \"ReadingCelsius\": \"41\"}]}");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessage(server.url(THERMAL)
                        + ": field 'Temperatures[0].ReadingCelsius' is a string (\"41\"), expected a number or null");
    }

    @Test
    void aListThatIsNotAnArrayNamesTheField() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node").override(THERMAL, "{\"Fans\": 3}");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessage(server.url(THERMAL) + ": field 'Fans' is a number (3), expected an array");
    }

    @Test
    void aLinkThatIsNotALinkObjectNamesTheField() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node").override("/redfish/v1/Chassis/Main",
                "{\"Id\": \"Main\", \"Thermal\": \"/redfish/v1/Chassis/Main/Thermal\"}");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageStartingWith(server.url("/redfish/v1/Chassis/Main")
                        + ": field 'Thermal' is a string (\"/redfish/v1/Chassis/Main/Thermal\");");
    }

    @Test
    void aLinkToAnotherHostIsRefused() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node").override("/redfish/v1/Chassis",
                "{\"Members\": [{\"@odata.id\": \"http://elsewhere.example/redfish/v1/Chassis/X\"}]}");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("field 'Members[0].@odata.id' is \"http://elsewhere.example/redfish/v1/Chassis/X\"")
                .hasMessageContaining("expected an absolute path on the same BMC");
    }

    @Test
    void aMissingResourceNamesTheUrlAndStatus() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node").override("/redfish/v1/Chassis/Main",
                "{\"Id\": \"Main\", \"Power\": {\"@odata.id\": \"/redfish/v1/Chassis/Main/Nowhere\"}}");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessage("GET " + server.url("/redfish/v1/Chassis/Main/Nowhere") + " answered HTTP 404 (expected 200)");
    }

    @Test
    void aResourceThatIsNotAnObjectIsRefused() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node").override("/redfish/v1", "[1, 2]");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessage("GET " + server.serviceRoot()
                        + " returned an array where a Redfish resource (a JSON object) was expected");
    }

    @Test
    void aSensorWithAReadingButNoNameIsRefused() {
        server = RedfishTreeServer.servingResource("redfish/gpu-node").override(THERMAL,
                "{\"Temperatures\": [{\"ReadingCelsius\": 40}]}");

        assertThatThrownBy(() -> source(server.serviceRoot()).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessage(server.url(THERMAL) + ": Temperatures[0] has a reading but no Name or MemberId to name it by");
    }

    @Test
    void aBmcThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI root = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/redfish/v1");
            RedfishSource source = new RedfishSource("n1", root, http, json, Duration.ofMillis(200));

            assertThatThrownBy(() -> source.collect(AT))
                    .isInstanceOf(CollectException.class)
                    // the one timeout bounds the whole walk, and the walk is what ran out of time
                    .hasMessage("Redfish walk of " + root + " did not finish within the walk timeout PT0.2S; gave up"
                            + " at GET " + root);
        }
    }

    @Test
    void rejectsARelativeServiceRoot() {
        assertThatThrownBy(() -> source(URI.create("/redfish/v1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/redfish/v1' is not an absolute URL");
    }
}

package dev.hearth.collector.ipmi;

import dev.hearth.testsupport.SharedFixtures;

import dev.hearth.model.Sample;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static dev.hearth.collector.ipmi.SampleValues.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every IPMI capture in {@code ../shared/fixtures/ipmi} (FreeIPMI ipmi-sensors and ipmi-dcmi, ipmitool
 * dcmi power reading, from Dell and HP servers) is read: sensor tables into readings, DCMI outputs into
 * readings or a recognised "unsupported", the deliberately broken one into an error. Skipped where the
 * fixtures are absent.
 */
class IpmiFixtureConformanceTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final String FOLDER = "ipmi/glouton-ipmi-testdata";
    /** The captures of BMCs (or an ipmitool) without DCMI power reading. */
    private static final Set<String> DCMI_UNSUPPORTED = Set.of("dell-r310-ipmi-dcmi-enhanced.txt",
            "dell-r310-ipmi-dcmi.txt", "dell-r310-ipmitool-dcmi.txt", "dell-r320-2-ipmi-dcmi-enhanced.txt",
            "dell-r320-ipmi-dcmi-enhanced.txt", "dell-r720xd-ipmi-dcmi-enhanced.txt", "hp-dl360-g7-ipmitool-dcmi.txt");
    private static final String BROKEN = "wrong-output-ipmi-sensors.txt";

    private final IpmiSamples samples = new IpmiSamples();

    @TestFactory
    Stream<DynamicTest> everyCaptureIsRead() {
        List<Path> files = SharedFixtures.files(SharedFixtures.folder(FOLDER), ".txt");
        assertThat(files).hasSize(29);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String name = file.getFileName().toString();
            String text = SharedFixtures.read(file);
            if (name.equals(BROKEN)) {
                assertThatThrownBy(() -> new FreeIpmiSensorsParser().parse(text))
                        .isInstanceOf(IpmiOutputException.class)
                        .hasMessageContaining("no header line");
            } else if (name.endsWith("-ipmi-sensors.txt")) {
                List<SensorReading> readings = new FreeIpmiSensorsParser().parse(text);
                assertThat(readings).isNotEmpty();
                List<Sample> out = samples.samples("node-1", AT, readings, new DcmiPower.Unsupported("not asked"));
                assertThat(out).anyMatch(s -> s.metric().equals(IpmiSamples.TEMPERATURE));
                assertThat(out).allSatisfy(s -> assertThat(s.value()).isFinite());
                assertThat(out.stream().map(s -> s.metric() + s.labels()).distinct().count())
                        .as("one sample per series").isEqualTo(out.size());
            } else {
                DcmiPower power = name.endsWith("-ipmitool-dcmi.txt")
                        ? new IpmitoolDcmiParser().parse(text) : new FreeIpmiDcmiParser().parse(text);
                if (DCMI_UNSUPPORTED.contains(name)) {
                    assertThat(power).isInstanceOf(DcmiPower.Unsupported.class);
                } else {
                    assertThat(power).isInstanceOf(DcmiPower.Readings.class);
                    assertThat(((DcmiPower.Readings) power).statistics())
                            .isNotEmpty().allSatisfy(s -> assertThat(s.currentWatts()).isPositive());
                }
            }
        }));
    }

    @Test
    void dellR720xdSensors() {
        List<SensorReading> readings = sensors("dell-r720xd-ipmi-sensors.txt");

        assertThat(reading(readings, "12")).isEqualTo(new SensorReading("12", "Fan1 RPM", "Fan",
                java.util.OptionalDouble.of(10440), SensorUnit.RPM, List.of("OK")));
        List<Sample> out = samples.samples("node-1", AT, readings, new DcmiPower.Unsupported("-"));
        assertThat(value(out, IpmiSamples.TEMPERATURE, Map.of("sensor", "Inlet Temp", "sensor_id", "18"))).isEqualTo(28);
        assertThat(value(out, IpmiSamples.TEMPERATURE, Map.of("sensor", "Exhaust Temp", "sensor_id", "19"))).isEqualTo(43);
        assertThat(value(out, IpmiSamples.FAN_SPEED, Map.of("fan", "Fan1 RPM", "sensor_id", "12"))).isEqualTo(10440);
        assertThat(value(out, IpmiSamples.SENSOR_STATE, Map.of("sensor", "Fan Redundancy", "sensor_id", "53",
                "type", "Fan", "state", "Fully Redundant"))).isEqualTo(1);
        // "PS1 PG Fail" reads N/A with no event: nothing at all, not a zero
        assertThat(out).noneMatch(s -> s.label("sensor").equals("PS1 PG Fail"));
    }

    @Test
    void hpDl360G7SensorsAfterSdrCacheProgressLines() {
        List<SensorReading> readings = sensors("hp-dl360-g7-ipmi-sensors.txt");

        assertThat(readings).hasSize(47);
        List<Sample> out = samples.samples("node-1", AT, readings, new DcmiPower.Unsupported("-"));
        assertThat(value(out, IpmiSamples.POWER, Map.of("sensor", "Power Supply 1", "sensor_id", "5"))).isEqualTo(35);
        assertThat(value(out, IpmiSamples.POWER, Map.of("sensor", "Power Meter", "sensor_id", "43"))).isEqualTo(98);
        assertThat(value(out, IpmiSamples.FAN_RATIO, Map.of("fan", "Fan Block 1", "sensor_id", "9")))
                .isEqualTo(0.196, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(value(out, IpmiSamples.TEMPERATURE, Map.of("sensor", "Temp 28", "sensor_id", "42"))).isEqualTo(71);
        // Temp 3 reads N/A
        assertThat(out).noneMatch(s -> s.label("sensor").equals("Temp 3") && s.metric().equals(IpmiSamples.TEMPERATURE));
        assertThat(reading(readings, "44").states()).containsExactly("Correctable memory error", "Presence detected");
        // power sensors never land in the whole-system figure, where a sum per node would count them twice
        assertThat(out).noneMatch(s -> s.metric().equals(IpmiSamples.POWER_CONSUMED));
    }

    @Test
    void dellR310RepeatsSensorNamesAndKeepsThemApart() {
        List<Sample> out = samples.samples("node-1", AT, sensors("dell-r310-ipmi-sensors.txt"),
                new DcmiPower.Unsupported("-"));

        List<Sample> temps = out.stream().filter(s -> s.metric().equals(IpmiSamples.TEMPERATURE)
                && s.label("sensor").equals("Temp")).toList();
        assertThat(temps).extracting(s -> s.label("sensor_id")).doesNotHaveDuplicates();
    }

    @Test
    void freeIpmiDcmi() {
        DcmiPower.Readings power = (DcmiPower.Readings) new FreeIpmiDcmiParser().parse(text("dell-r320-2-ipmi-dcmi.txt"));

        assertThat(power.statistics()).containsExactly(new PowerStatistics(Optional.empty(), 75, 0, 159, 73,
                Duration.ofMillis(26547205), true));
        List<Sample> out = samples.samples("node-1", AT, List.of(), power);
        assertThat(value(out, IpmiSamples.POWER_CONSUMED, Map.of("control", "DCMI"))).isEqualTo(75);
        assertThat(value(out, IpmiSamples.POWER_STATISTIC, Map.of("control", "DCMI", "statistic", "average"))).isEqualTo(73);
    }

    @Test
    void freeIpmiEnhancedDcmiHasOneStatisticPerWindow() {
        DcmiPower.Readings power = (DcmiPower.Readings) new FreeIpmiDcmiParser()
                .parse(text("hp-dl360-g7-ipmi-dcmi-enhanced.txt"));

        assertThat(power.statistics()).extracting(s -> s.rollingWindow().orElseThrow())
                .containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(24));
        List<Sample> out = samples.samples("node-1", AT, List.of(), power);
        assertThat(value(out, IpmiSamples.POWER_STATISTIC, Map.of("control", "DCMI", "statistic", "maximum",
                "window_seconds", "86400"))).isEqualTo(118);
        assertThat(out).filteredOn(s -> s.metric().equals(IpmiSamples.POWER_CONSUMED)).hasSize(1);
    }

    @Test
    void ipmitoolDcmiWithNoiseAndOneLineTimestamp() {
        DcmiPower.Readings power = (DcmiPower.Readings) new IpmitoolDcmiParser()
                .parse(text("dell-r320-2-ipmitool-dcmi.txt"));

        assertThat(power.statistics()).containsExactly(new PowerStatistics(Optional.empty(), 71, 0, 159, 73,
                Duration.ofSeconds(26547), true));
    }

    private List<SensorReading> sensors(String file) {
        return new FreeIpmiSensorsParser().parse(text(file));
    }

    private String text(String file) {
        return SharedFixtures.read(SharedFixtures.folder(FOLDER).resolve(file));
    }

    private static SensorReading reading(List<SensorReading> readings, String id) {
        return readings.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }
}

package dev.hearth.collector.ipmi;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static dev.hearth.collector.ipmi.SampleValues.value;
import static org.assertj.core.api.Assertions.assertThat;

class IpmiSamplesTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    private final IpmiSamples samples = new IpmiSamples();

    @Test
    void reusesTheCataloguedBmcNames() {
        assertThat(IpmiSamples.TEMPERATURE).isEqualTo(MetricCatalogue.BMC_TEMPERATURE.name());
        assertThat(IpmiSamples.FAN_SPEED).isEqualTo(MetricCatalogue.BMC_FAN_SPEED.name());
        assertThat(IpmiSamples.POWER_CONSUMED).isEqualTo(MetricCatalogue.BMC_POWER.name());
    }

    @Test
    void mapsEachUnitToItsMetric() {
        List<Sample> out = samples.samples("node-3", AT, List.of(
                reading("1", "CPU Temp", "Temperature", 61, SensorUnit.CELSIUS),
                reading("2", "FAN1", "Fan", 1800, SensorUnit.RPM),
                reading("3", "Fan Block", "Fan", 40, SensorUnit.PERCENT),
                reading("4", "CPU Usage", "Processor", 40, SensorUnit.PERCENT),
                reading("5", "PSU1 Power", "Power Supply", 120, SensorUnit.WATTS),
                reading("6", "12V", "Voltage", 12.1, SensorUnit.VOLTS),
                reading("7", "PSU1 Current", "Current", 0.6, SensorUnit.AMPERES),
                reading("8", "Airflow", "Other", 41, SensorUnit.OTHER)), new DcmiPower.Unsupported("-"));

        assertThat(value(out, IpmiSamples.TEMPERATURE, Map.of("sensor", "CPU Temp", "sensor_id", "1"))).isEqualTo(61);
        assertThat(value(out, IpmiSamples.FAN_SPEED, Map.of("fan", "FAN1", "sensor_id", "2"))).isEqualTo(1800);
        assertThat(value(out, IpmiSamples.FAN_RATIO, Map.of("fan", "Fan Block", "sensor_id", "3"))).isEqualTo(0.4);
        assertThat(value(out, IpmiSamples.POWER, Map.of("sensor", "PSU1 Power", "sensor_id", "5"))).isEqualTo(120);
        assertThat(value(out, IpmiSamples.VOLTAGE, Map.of("sensor", "12V", "sensor_id", "6"))).isEqualTo(12.1);
        assertThat(value(out, IpmiSamples.CURRENT, Map.of("sensor", "PSU1 Current", "sensor_id", "7"))).isEqualTo(0.6);
        // a percentage that is not a fan, and a unit Hearth does not store, yield nothing
        assertThat(out).hasSize(6);
        assertThat(out).allSatisfy(s -> {
            assertThat(s.node()).isEqualTo("node-3");
            assertThat(s.time()).isEqualTo(AT);
        });
    }

    @Test
    void statesAreTheirOwnSeries() {
        SensorReading critical = new SensorReading("05h", "Exhaust", "", OptionalDouble.of(71), SensorUnit.CELSIUS,
                List.of("critical"));

        List<Sample> out = samples.samples("node-3", AT, List.of(critical), new DcmiPower.Unsupported("-"));

        assertThat(value(out, IpmiSamples.TEMPERATURE, Map.of("sensor", "Exhaust", "sensor_id", "05h"))).isEqualTo(71);
        assertThat(value(out, IpmiSamples.SENSOR_STATE, Map.of("sensor", "Exhaust", "sensor_id", "05h",
                "state", "critical"))).isEqualTo(1);
    }

    @Test
    void repeatedNamesWithoutIdsGetTheirOccurrence() {
        List<Sample> out = samples.samples("node-3", AT, List.of(
                reading("", "Temp", "", 40, SensorUnit.CELSIUS),
                reading("", "Temp", "", 44, SensorUnit.CELSIUS),
                reading("", "Inlet", "", 22, SensorUnit.CELSIUS)), new DcmiPower.Unsupported("-"));

        assertThat(value(out, IpmiSamples.TEMPERATURE, Map.of("sensor", "Temp", "sensor_id", "#1"))).isEqualTo(40);
        assertThat(value(out, IpmiSamples.TEMPERATURE, Map.of("sensor", "Temp", "sensor_id", "#2"))).isEqualTo(44);
        assertThat(value(out, IpmiSamples.TEMPERATURE, Map.of("sensor", "Inlet"))).isEqualTo(22);
    }

    @Test
    void anInactiveDcmiMeasurementYieldsNothing() {
        DcmiPower off = new DcmiPower.Readings(List.of(new PowerStatistics(Optional.empty(), 0, 0, 0, 0,
                Duration.ZERO, false)));

        assertThat(samples.samples("node-3", AT, List.of(), off)).isEmpty();
    }

    private static SensorReading reading(String id, String name, String type, double value, SensorUnit unit) {
        return new SensorReading(id, name, type, OptionalDouble.of(value), unit, List.of());
    }
}

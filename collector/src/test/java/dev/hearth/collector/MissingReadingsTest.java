package dev.hearth.collector;

import dev.hearth.collector.ipmi.DcmiPower;
import dev.hearth.collector.ipmi.IpmiSamples;
import dev.hearth.collector.ipmi.SensorReading;
import dev.hearth.collector.ipmi.SensorUnit;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A sensor that reports no reading ("na", "N/A", disabled) yields no sample of its value, never a 0. */
class MissingReadingsTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    @Test
    void ipmiSensorsWithoutAReadingYieldNoValueOnlyTheirStates() {
        List<Sample> out = new IpmiSamples().samples("node-1", AT, List.of(
                new SensorReading("01h", "CPU Temp", "Temperature", OptionalDouble.empty(), SensorUnit.CELSIUS,
                        List.of()),
                new SensorReading("02h", "FAN1", "Fan", OptionalDouble.empty(), SensorUnit.RPM, List.of()),
                new SensorReading("03h", "PSU1 Power", "Power Supply", OptionalDouble.empty(), SensorUnit.WATTS,
                        List.of("Power Supply input lost")),
                new SensorReading("04h", "12V", "Voltage", OptionalDouble.of(12.1), SensorUnit.VOLTS, List.of())),
                new DcmiPower.Unsupported("DCMI not supported"));

        assertThat(out).extracting(Sample::metric, s -> s.label("sensor"), Sample::value).containsExactlyInAnyOrder(
                tuple(IpmiSamples.SENSOR_STATE, "PSU1 Power", 1.0),
                tuple(IpmiSamples.VOLTAGE, "12V", 12.1));
    }
}

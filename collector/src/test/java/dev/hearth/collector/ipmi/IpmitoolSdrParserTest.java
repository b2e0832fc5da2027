package dev.hearth.collector.ipmi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IpmitoolSdrParserTest {
    /** {@code ipmitool sdr elist} as it lays lines out: name | number | status | entity | reading. */
    private static final String ELIST = """
            Inlet Temp       | 04h | ok  |  7.1 | 23 degrees C
            Exhaust Temp     | 01h | ucr |  7.1 | 71 degrees C
            Fan1A            | 30h | ok  |  7.1 | 4920 RPM
            Pwr Consumption  | 77h | ok  |  7.1 | 84 Watts
            Current 1        | 6Ah | ok  | 10.1 | 0.40 Amps
            Voltage 1        | 6Ch | ok  | 10.1 | 232 Volts
            Fan Duty         | 75h | ok  |  7.1 | 42 percent
            Board Temp F     | 05h | ok  |  7.1 | 95 degrees F
            PS Redundancy    | 74h | ok  |  7.1 | Fully Redundant
            Presence         | 11h | ok  |  3.1 | Presence detected, Processor Presence detected
            Temp             | 0Eh | ns  |  3.1 | Disabled
            Intrusion        | 73h | ok  |  7.1 |
            """;

    private final IpmitoolSdrParser parser = new IpmitoolSdrParser();

    @Test
    void readsAnalogSensorsWithTheirHealth() {
        List<SensorReading> readings = parser.parse(ELIST);

        assertThat(readings).hasSize(12);
        assertThat(readings.get(0)).isEqualTo(new SensorReading("04h", "Inlet Temp", "", OptionalDouble.of(23),
                SensorUnit.CELSIUS, List.of("ok")));
        assertThat(readings.get(1).states()).containsExactly("critical");
        assertThat(readings.get(2).unit()).isEqualTo(SensorUnit.RPM);
        assertThat(readings.get(3).unit()).isEqualTo(SensorUnit.WATTS);
        assertThat(readings.get(4).unit()).isEqualTo(SensorUnit.AMPERES);
        assertThat(readings.get(5).unit()).isEqualTo(SensorUnit.VOLTS);
        assertThat(readings.get(6).unit()).isEqualTo(SensorUnit.PERCENT);
        assertThat(readings.get(7).value().getAsDouble()).isEqualTo(35.0, within(1e-9));
    }

    @Test
    void discreteSensorsCarryTheirStatesAndNoValue() {
        List<SensorReading> readings = parser.parse(ELIST);

        assertThat(readings.get(8)).isEqualTo(new SensorReading("74h", "PS Redundancy", "", OptionalDouble.empty(),
                SensorUnit.NONE, List.of("Fully Redundant")));
        assertThat(readings.get(9).states()).containsExactly("Presence detected", "Processor Presence detected");
        assertThat(readings.get(10).value()).isEmpty();
        assertThat(readings.get(10).states()).isEmpty();
        assertThat(readings.get(11).states()).isEmpty();
    }

    @Test
    void readsTheThreeColumnList() {
        assertThat(parser.parse("Inlet Temp       | 23 degrees C      | ok\n"))
                .containsExactly(new SensorReading("", "Inlet Temp", "", OptionalDouble.of(23), SensorUnit.CELSIUS,
                        List.of("ok")));
    }

    @Test
    void aTruncatedLineIsAnError() {
        assertThatThrownBy(() -> parser.parse(ELIST + "Fan2A            | 31h | ok"))
                .isInstanceOf(IpmiOutputException.class)
                .hasMessageContaining("ipmitool sdr line 13 has 3 columns")
                .hasMessageContaining("truncated");
    }

    @Test
    void emptyOutputIsAnError() {
        assertThatThrownBy(() -> parser.parse("\n")).hasMessageContaining("lists no sensor");
    }
}

package dev.hearth.collector.ipmi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpmitoolSensorParserTest {
    /** {@code ipmitool sensor}: name | value | units | status | lnr | lcr | lnc | unc | ucr | unr. */
    private static final String LIST = """
            Inlet Temp       | 23.000     | degrees C  | ok    | na        | -7.000    | 3.000     | 42.000    | 47.000    | na
            Fan1A            | 4920.000   | RPM        | nc    | na        | 360.000   | 600.000   | na        | na        | na
            Temp             | na         | degrees C  | na    | na        | na        | na        | 89.000    | 94.000    | na
            Intrusion        | 0x0        | discrete   | 0x0080| na        | na        | na        | na        | na        | na
            Pwr Consumption  | 84.000     | Watts      | ok    | na        | na        | na        | 896.000   | 980.000   | na
            """;

    private final IpmitoolSensorParser parser = new IpmitoolSensorParser();

    @Test
    void readsValuesUnitsAndHealth() {
        List<SensorReading> readings = parser.parse(LIST);

        assertThat(readings).containsExactly(
                new SensorReading("", "Inlet Temp", "", OptionalDouble.of(23), SensorUnit.CELSIUS, List.of("ok")),
                new SensorReading("", "Fan1A", "", OptionalDouble.of(4920), SensorUnit.RPM, List.of("non-critical")),
                new SensorReading("", "Temp", "", OptionalDouble.empty(), SensorUnit.CELSIUS, List.of()),
                new SensorReading("", "Intrusion", "", OptionalDouble.empty(), SensorUnit.NONE, List.of()),
                new SensorReading("", "Pwr Consumption", "", OptionalDouble.of(84), SensorUnit.WATTS, List.of("ok")));
    }

    @Test
    void aLineWithMissingColumnsIsAnError() {
        assertThatThrownBy(() -> parser.parse(LIST + "Fan2A            | 4800.000   | RPM"))
                .isInstanceOf(IpmiOutputException.class)
                .hasMessageContaining("ipmitool sensor line 6 has 3 columns; expected 10");
    }

    @Test
    void aValueThatIsNotANumberIsAnError() {
        assertThatThrownBy(() -> parser.parse(LIST.replace("84.000", "lots")))
                .hasMessageContaining("ipmitool sensor line 5 (Pwr Consumption): value 'lots' is not a number");
    }
}

package dev.hearth.collector.ipmi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FreeIpmiSensorsParserTest {
    private static final String TABLE = """
            ID | Name        | Type        | Reading | Units | Event
            4  | CPU Temp    | Temperature | 61.00   | C     | 'OK'
            5  | GPU Temp    | Temperature | 167.00  | F     | 'At or Above (>=) Upper Critical Threshold'
            9  | FAN1        | Fan         | 1800.00 | RPM   | 'OK'
            12 | 12V         | Voltage     | 12.19   | V     | 'OK'
            14 | PSU1 Status | Power Supply| N/A     | N/A   | 'Presence detected' 'Power Supply input lost (AC/DC)'
            15 | Airflow     | Other       | 41.00   | CFM   | 'OK'
            """;

    private final FreeIpmiSensorsParser parser = new FreeIpmiSensorsParser();

    @Test
    void readsTheTable() {
        List<SensorReading> readings = parser.parse(TABLE);

        assertThat(readings).hasSize(6);
        assertThat(readings.get(0)).isEqualTo(new SensorReading("4", "CPU Temp", "Temperature", OptionalDouble.of(61),
                SensorUnit.CELSIUS, List.of("OK")));
        assertThat(readings.get(2).unit()).isEqualTo(SensorUnit.RPM);
        assertThat(readings.get(3).unit()).isEqualTo(SensorUnit.VOLTS);
        assertThat(readings.get(4).value()).isEmpty();
        assertThat(readings.get(4).states()).containsExactly("Presence detected", "Power Supply input lost (AC/DC)");
        assertThat(readings.get(5).unit()).isEqualTo(SensorUnit.OTHER);
    }

    @Test
    void fahrenheitBecomesCelsius() {
        SensorReading gpu = parser.parse(TABLE).get(1);

        assertThat(gpu.unit()).isEqualTo(SensorUnit.CELSIUS);
        assertThat(gpu.value().getAsDouble()).isEqualTo(75.0, within(1e-9));
    }

    @Test
    void readsCommaSeparatedOutput() {
        String csv = "ID,Name,Type,Reading,Units,Event\n18,Inlet Temp,Temperature,23.00,C,'OK'\n"
                + "20,Fan2,Fan,N/A,RPM,N/A\n";

        List<SensorReading> readings = parser.parse(csv);

        assertThat(readings).containsExactly(
                new SensorReading("18", "Inlet Temp", "Temperature", OptionalDouble.of(23), SensorUnit.CELSIUS,
                        List.of("OK")),
                new SensorReading("20", "Fan2", "Fan", OptionalDouble.empty(), SensorUnit.RPM, List.of()));
    }

    @Test
    void skipsProgressLinesBeforeTheHeader() {
        String output = "Caching SDR repository information: /root/.freeipmi/sdr-cache/x.localhost\n"
                + "Caching SDR record 1 of 2 (current record ID 0)\n" + TABLE;

        assertThat(parser.parse(output)).hasSize(6);
    }

    @Test
    void aTruncatedRowIsAnErrorNamingTheLine() {
        String truncated = TABLE + "16 | Inlet Temp  | Temperature | 2";

        assertThatThrownBy(() -> parser.parse(truncated))
                .isInstanceOf(IpmiOutputException.class)
                .hasMessageContaining("ipmi-sensors line 8 has 4 columns but the header has 6")
                .hasMessageContaining("'16 | Inlet Temp  | Temperature | 2'");
    }

    @Test
    void aReadingThatIsNotANumberIsAnError() {
        String bad = TABLE.replace("61.00", "hot");

        assertThatThrownBy(() -> parser.parse(bad))
                .hasMessageContaining("ipmi-sensors line 2 (CPU Temp)")
                .hasMessageContaining("reading 'hot' is not a number");
    }

    @Test
    void outputWithoutHeaderIsAnError() {
        assertThatThrownBy(() -> parser.parse("ipmi_ctx_open_outofband_2_0: connection timeout\n"))
                .hasMessageContaining("no header line")
                .hasMessageContaining("connection timeout");
        assertThatThrownBy(() -> parser.parse("")).hasMessageContaining("no header line");
    }
}

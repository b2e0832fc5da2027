package dev.hearth.controlplane.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.RedfishSource;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated BMC speaks Redfish well enough for the collector's real Redfish client. */
class SimulatedBmcIT {

    @Test
    void collectorReadsTemperaturesFansAndPowerAndSeesTheFault() throws Exception {
        Clock clock = Clock.systemUTC();
        try (SimulatedBmc bmc = new SimulatedBmc("node-2", new ThermalModel(clock.instant(), 0), () -> 0.5, clock)
                .start(0)) {
            RedfishSource source = new RedfishSource("node-2", bmc.serviceRoot(), HttpClient.newHttpClient(),
                    new ObjectMapper(), Duration.ofSeconds(5));
            List<Sample> before = source.collect(Instant.now());
            assertThat(before).extracting(Sample::metric).contains("hearth_bmc_temperature_celsius",
                    "hearth_bmc_fan_speed_rpm", "hearth_bmc_power_consumed_watts");
            assertThat(gpu(before)).isLessThan(90);
            assertThat(before).filteredOn(s -> s.label("physical_context").equals("Intake")).singleElement()
                    .satisfies(s -> assertThat(s.label("sensor")).isEqualTo("Inlet Temp"));

            bmc.inject(Fault.OVERHEAT);
            Thread.sleep(600); // one sensor cycle
            assertThat(gpu(source.collect(Instant.now()))).isGreaterThan(90);
        }
    }

    private static double gpu(List<Sample> samples) {
        return samples.stream().filter(s -> s.label("physical_context").equals("GPU")
                        && s.metric().equals("hearth_bmc_temperature_celsius"))
                .findFirst().orElseThrow().value();
    }
}

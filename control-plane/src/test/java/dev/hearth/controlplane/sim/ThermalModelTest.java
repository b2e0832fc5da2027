package dev.hearth.controlplane.sim;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ThermalModelTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void idleNodeSettlesNearRoomPlusFifteenAndLoadHeatsIt() {
        ThermalModel m = new ThermalModel(T0, 0);
        ThermalReadings idle = m.advance(T0.plusSeconds(120), 0);
        assertThat(idle.gpuCelsius()).isBetween(38.0, 40.0);
        assertThat(idle.inletCelsius()).isEqualTo(24.0);
        assertThat(idle.gpuWatts()).isEqualTo(25.0);
        ThermalReadings busy = m.advance(T0.plusSeconds(240), 1);
        assertThat(busy.gpuCelsius()).isBetween(87.0, 89.5); // 24 + 15 + 50, approached with an 8 s time constant
        assertThat(busy.gpuWatts()).isEqualTo(250.0);
        assertThat(busy.gpuFanRpm()).isGreaterThan(idle.gpuFanRpm());
    }

    @Test
    void overheatJumpsPastNinetyAtOnceClimbsAndRecoversAfterClear() {
        ThermalModel m = new ThermalModel(T0, 0);
        m.advance(T0.plusSeconds(60), 0.3);
        m.inject(Fault.OVERHEAT, T0.plusSeconds(60));
        assertThat(m.overheating()).isTrue();
        ThermalReadings first = m.advance(T0.plusSeconds(61), 0.3);
        assertThat(first.gpuCelsius()).isGreaterThan(90.0);
        ThermalReadings later = m.advance(T0.plusSeconds(80), 0.3);
        assertThat(later.gpuCelsius()).isGreaterThan(first.gpuCelsius());
        assertThat(later.inletCelsius()).isGreaterThan(first.inletCelsius());
        assertThat(m.advance(T0.plusSeconds(200), 0.3).gpuCelsius()).isLessThanOrEqualTo(100.0);

        m.inject(Fault.CLEAR, T0.plusSeconds(200));
        assertThat(m.overheating()).isFalse();
        assertThat(m.advance(T0.plusSeconds(201), 0.3).gpuCelsius()).isGreaterThan(90.0); // heat takes time to go
        assertThat(m.advance(T0.plusSeconds(215), 0.3).gpuCelsius()).isLessThan(90.0);
    }

    @Test
    void faultNamesAreParsedStrictly() {
        assertThat(Fault.parse("overheat")).isEqualTo(Fault.OVERHEAT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fault.parse("fire"))
                .hasMessage("unknown fault 'fire'; valid faults: overheat, xid-13, xid-31, xid-43, xid-48, xid-63, xid-64, xid-79, xid-92, xid-94, xid-95, clear");
    }
}

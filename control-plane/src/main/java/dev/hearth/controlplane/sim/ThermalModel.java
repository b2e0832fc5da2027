package dev.hearth.controlplane.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * A first-order thermal model of one household node with an RTX 2080 Ti: temperatures approach a
 * target set by load and inlet air with a time constant, fans follow temperature, power follows load
 * (about 25 W idle to 250 W at full load for the card).
 *
 * <p>An overheat fault models failed cooling: the GPU reads at least 91 °C at once and climbs
 * 0.25 °C/s up to 99 °C, while inlet air drifts toward 45 °C. After the fault clears the readings
 * fall back at the model's pace, so recovery takes a few seconds, as it would on real hardware.
 */
public final class ThermalModel {
    private static final double GPU_TAU_SECONDS = 8;
    private static final double INLET_TAU_SECONDS = 20;
    private static final double ROOM_CELSIUS = 24;

    private final double roomOffset;
    private Instant last;
    private double gpu;
    private double inlet;
    private double utilisation;
    private Instant overheatSince;

    /** @param roomOffset each household's room is a little warmer or cooler than the next */
    public ThermalModel(Instant start, double roomOffset) {
        this.roomOffset = roomOffset;
        this.last = start;
        this.inlet = ROOM_CELSIUS + roomOffset;
        this.gpu = inlet + 15;
    }

    public synchronized void inject(Fault fault, Instant at) {
        // other faults (Xid events) leave the cooling as it is
        if (fault == Fault.OVERHEAT && overheatSince == null) {
            overheatSince = at;
        } else if (fault == Fault.CLEAR) {
            overheatSince = null;
        }
    }

    public synchronized boolean overheating() {
        return overheatSince != null;
    }

    /** Advances the model to {@code now} under the given load (0..1) and returns the readings. */
    public synchronized ThermalReadings advance(Instant now, double load) {
        double dt = Math.max(0, Duration.between(last, now).toNanos() / 1e9);
        last = now.isAfter(last) ? now : last;
        utilisation = Math.max(0, Math.min(1, load));
        double inletTarget = overheatSince != null ? 45 : ROOM_CELSIUS + roomOffset;
        inlet = approach(inlet, inletTarget, dt, INLET_TAU_SECONDS);
        double gpuTarget = overheatSince != null ? 100 : inlet + 15 + 50 * utilisation;
        gpu = approach(gpu, gpuTarget, dt, GPU_TAU_SECONDS);
        double gpuReading = gpu;
        if (overheatSince != null) {
            double climb = 0.25 * Duration.between(overheatSince, now).toMillis() / 1000.0;
            gpuReading = Math.max(gpu, Math.min(99, 91 + climb));
            gpu = gpuReading;
        }
        double fanShare = Math.max(0, Math.min(1, (gpuReading - 35) / 50));
        double gpuWatts = 25 + 225 * utilisation;
        return new ThermalReadings(round(gpuReading), round(inlet), round(inlet + 12 + 20 * utilisation),
                Math.round(900 + 2600 * fanShare), Math.round(700 + 1500 * Math.max(0, (inlet - 20) / 30)),
                round(gpuWatts), round(gpuWatts + 65), utilisation);
    }

    private static double approach(double value, double target, double dt, double tau) {
        return target + (value - target) * Math.exp(-dt / tau);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

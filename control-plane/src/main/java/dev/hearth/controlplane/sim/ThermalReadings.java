package dev.hearth.controlplane.sim;

/** What a node's sensors read at one moment. */
public record ThermalReadings(double gpuCelsius, double inletCelsius, double cpuCelsius, double gpuFanRpm,
                              double chassisFanRpm, double gpuWatts, double systemWatts, double utilisation) {
}

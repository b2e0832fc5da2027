package dev.hearth.collector.ipmi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One DCMI power reading of a whole system, as the BMC measures it at the power supplies.
 *
 * @param rollingWindow    the rolling-average window of an enhanced statistic ({@code ipmi-dcmi
 *                         --get-enhanced-system-power-statistics}); empty for the plain reading, whose
 *                         window is the BMC's own
 * @param currentWatts     power now
 * @param minimumWatts     lowest over the sampling period
 * @param maximumWatts     highest over the sampling period
 * @param averageWatts     average over the sampling period
 * @param samplingPeriod   the period the statistics cover, as reported (some BMCs report odd values)
 * @param active           whether the BMC says power measurement is active; when not, the figures mean nothing
 */
public record PowerStatistics(Optional<Duration> rollingWindow, double currentWatts, double minimumWatts,
                              double maximumWatts, double averageWatts, Duration samplingPeriod, boolean active) {
    public PowerStatistics {
        Objects.requireNonNull(rollingWindow, "rollingWindow");
        Objects.requireNonNull(samplingPeriod, "samplingPeriod");
    }
}

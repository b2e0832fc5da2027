package dev.hearth.controlplane.fleet;

import dev.hearth.collector.query.SeriesSample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Where {@link ReadingsExposition} reads stored readings from: the metric store's query API in a fleet. */
@FunctionalInterface
public interface NewestReadings {

    /**
     * The newest reading of every stored series of {@code metric} taken in {@code (at - lookback, at]};
     * a series with none in that window is left out.
     */
    List<SeriesSample> newest(String metric, Instant at, Duration lookback);
}

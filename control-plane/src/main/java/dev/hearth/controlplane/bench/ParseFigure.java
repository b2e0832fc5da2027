package dev.hearth.controlplane.bench;

import java.util.Objects;

/**
 * One source parser's single-thread throughput: {@code payloadBytes} of input turned into
 * {@code samplesPerPayload} samples, {@code megabytesPerSecond} (10^6 bytes) of input per second.
 */
public record ParseFigure(String source, int payloadBytes, int samplesPerPayload, double megabytesPerSecond,
                          double samplesPerSecond) {
    public ParseFigure {
        Objects.requireNonNull(source, "source");
    }
}

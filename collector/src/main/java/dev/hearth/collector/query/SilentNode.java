package dev.hearth.collector.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A node none of whose selected series was written lately: "node {@code node} has no samples of
 * {@code selector} since {@code lastSeen}", {@code silence} before the evaluation time.
 */
public record SilentNode(String node, SeriesSelector selector, Instant lastSeen, Duration silence) {
    public SilentNode {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(silence, "silence");
    }
}

package dev.hearth.collector.redfish;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one resource of a chassis (its Sensors, its legacy Thermal, ...) yielded, by kind of reading. */
final class Findings {
    private final Map<ReadingKind, List<Reading>> readings = new EnumMap<>(ReadingKind.class);
    private final Map<ReadingKind, List<Health>> health = new EnumMap<>(ReadingKind.class);

    void add(Reading reading) {
        readings.computeIfAbsent(reading.kind(), k -> new ArrayList<>()).add(reading);
    }

    void add(ReadingKind kind, Health h) {
        health.computeIfAbsent(kind, k -> new ArrayList<>()).add(h);
    }

    List<Reading> readings(ReadingKind kind) {
        return readings.getOrDefault(kind, List.of());
    }

    List<Health> health(ReadingKind kind) {
        return health.getOrDefault(kind, List.of());
    }
}

package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.util.Optional;

/**
 * Names an excerpt of a sensor (a reading copied into ThermalMetrics or EnvironmentMetrics): its own name
 * field, else the last segment of its {@code DataSourceUri}, which is the Sensor's Id.
 */
final class SensorName {
    private SensorName() {
    }

    /** @param fallback the name when there is neither, or null to make that an error */
    static String of(Resource excerpt, String nameField, String fallback) throws CollectException {
        Optional<String> name = excerpt.firstText(nameField);
        if (name.isPresent()) {
            return name.get();
        }
        Optional<String> source = excerpt.firstText("DataSourceUri");
        if (source.isPresent()) {
            String uri = source.get().endsWith("/") ? source.get().substring(0, source.get().length() - 1)
                    : source.get();
            String last = uri.substring(uri.lastIndexOf('/') + 1);
            if (!last.isBlank()) {
                return last;
            }
        }
        return fallback != null ? fallback : excerpt.name(nameField);
    }
}

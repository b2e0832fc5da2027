package dev.hearth.controlplane.prometheus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One endpoint Prometheus scrapes and the labels it attaches to every series from it.
 *
 * @param address {@code host:port}, as Prometheus's {@code static_configs} want it
 * @param labels  target labels in the order they are written; none may start with {@code __},
 *                which Prometheus reserves for its own use
 */
public record ScrapeTarget(String address, Map<String, String> labels) {
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.\\-]+:\\d{1,5}|\\[[0-9A-Fa-f:]+]:\\d{1,5}");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public ScrapeTarget {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("scrape target address '" + address
                    + "' is not host:port (e.g. 127.0.0.1:7700)");
        }
        for (String name : labels.keySet()) {
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException("target label '" + name + "' of " + address
                        + " is not a Prometheus label name: use [a-zA-Z_][a-zA-Z0-9_]*, not starting with __");
            }
        }
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** A target with no labels of its own. */
    public static ScrapeTarget of(String address) {
        return new ScrapeTarget(address, Map.of());
    }
}

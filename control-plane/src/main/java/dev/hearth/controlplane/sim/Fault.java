package dev.hearth.controlplane.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Faults the local fleet can simulate on a node's hardware. */
public enum Fault {
    /** Cooling fails: the GPU jumps past 90 °C and keeps rising; inlet air heats up. */
    OVERHEAT,
    /** Removes any injected fault; readings return to normal at the pace of the thermal model. */
    CLEAR;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the valid faults */
    public static Fault parse(String name) {
        for (Fault f : values()) {
            if (f.cliName().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + name + "'; valid faults: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Fault::cliName).collect(Collectors.joining(", "));
    }
}

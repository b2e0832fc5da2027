package dev.hearth.controlplane.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Faults the local fleet can simulate on a node's hardware. The Xid faults make the node's simulated
 * GPU driver log that Xid once (injecting it again logs it again); {@code xid-79}, the GPU falling off
 * the bus, also makes nvidia-smi fail until the fault is cleared.
 */
public enum Fault {
    /** Cooling fails: the GPU jumps past 90 °C and keeps rising; inlet air heats up. */
    OVERHEAT,
    /** Xid 13: graphics engine exception, usually the application's fault. */
    XID_13,
    /** Xid 31: GPU memory page fault, usually the application's fault. */
    XID_31,
    /** Xid 43: the GPU stopped processing, usually the application's fault. */
    XID_43,
    /** Xid 48: double-bit ECC error. */
    XID_48,
    /** Xid 63: ECC page retirement or row remapping recorded. */
    XID_63,
    /** Xid 64: ECC page retirement or row remapping failed. */
    XID_64,
    /** Xid 79: the GPU fell off the bus. */
    XID_79,
    /** Xid 92: high single-bit ECC error rate. */
    XID_92,
    /** Xid 94: contained ECC error. */
    XID_94,
    /** Xid 95: uncontained ECC error. */
    XID_95,
    /** Removes any injected fault; readings return to normal at the pace of the thermal model. */
    CLEAR;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The Xid code this fault logs, if it is an Xid fault. */
    public OptionalInt xid() {
        return name().startsWith("XID_") ? OptionalInt.of(Integer.parseInt(name().substring(4))) : OptionalInt.empty();
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

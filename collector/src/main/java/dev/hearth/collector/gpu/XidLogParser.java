package dev.hearth.collector.gpu;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts NVIDIA Xid error events in kernel log text ({@code dmesg}, {@code journalctl -k}). nvidia-smi's
 * XML carries no Xid events; the driver reports them only as kernel log lines such as
 * {@code NVRM: Xid (PCI:0000:01:00): 79, pid=…, GPU has fallen off the bus.}
 *
 * <p>Events are keyed by the GPU's PCI address spelled as nvidia-smi spells it ({@code 00000000:01:00.0}),
 * so that they can be joined to {@link GpuFacts#pciBusId()}. Lines that mention no Xid are ignored: a
 * kernel log is free text.
 */
public final class XidLogParser {
    private static final Pattern XID = Pattern.compile(
            "NVRM: Xid \\((?:PCI:)?([0-9A-Fa-f]{1,8}):([0-9A-Fa-f]{2}):([0-9A-Fa-f]{2})(?:\\.[0-9A-Fa-f])?\\): (\\d{1,9})\\b");

    /** Xid events by PCI bus id, then by Xid code; empty when the log holds none. */
    public Map<String, Map<Integer, Integer>> parse(String kernelLog) {
        Map<String, Map<Integer, Integer>> events = new TreeMap<>();
        kernelLog.lines().forEach(line -> {
            Matcher m = XID.matcher(line);
            if (m.find()) {
                String busId = String.format(Locale.ROOT, "%8s:%s:%s.0", m.group(1), m.group(2), m.group(3))
                        .replace(' ', '0').toUpperCase(Locale.ROOT);
                int xid = Integer.parseInt(m.group(4));
                events.computeIfAbsent(busId, k -> new TreeMap<>()).merge(xid, 1, Integer::sum);
            }
        });
        return events;
    }
}

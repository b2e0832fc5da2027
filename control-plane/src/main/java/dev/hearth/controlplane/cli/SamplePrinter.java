package dev.hearth.controlplane.cli;

import dev.hearth.model.Sample;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prints normalised samples one per line: {@code metric{labels} value unit}, sorted for reading. */
final class SamplePrinter {
    private SamplePrinter() {
    }

    static void print(PrintWriter out, List<Sample> samples) {
        samples.stream().map(SamplePrinter::line).sorted().forEach(out::println);
        out.printf("%d samples%n", samples.size());
        out.flush();
    }

    static String line(Sample s) {
        Map<String, String> labels = new TreeMap<>(s.labels());
        labels.put("node", s.node());
        String text = labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(","));
        String unit = unit(s.metric());
        return s.metric() + "{" + text + "} " + format(s.value()) + (unit.isEmpty() ? "" : " " + unit);
    }

    /** The unit the metric's name promises (normalised at collection, so the name says it). */
    static String unit(String metric) {
        String m = metric.endsWith("_total") ? metric.substring(0, metric.length() - 6) : metric;
        if (m.endsWith("_celsius")) {
            return "°C";
        } else if (m.endsWith("_watts")) {
            return "W";
        } else if (m.endsWith("_rpm")) {
            return "RPM";
        } else if (m.endsWith("_bytes")) {
            return "bytes";
        } else if (m.endsWith("_ratio")) {
            return "ratio";
        } else if (m.endsWith("_hertz")) {
            return "Hz";
        } else if (m.endsWith("_volts")) {
            return "V";
        } else if (m.endsWith("_amperes")) {
            return "A";
        } else if (m.endsWith("_seconds")) {
            return "s";
        }
        return "";
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

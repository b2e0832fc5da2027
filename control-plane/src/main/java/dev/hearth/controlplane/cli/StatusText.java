package dev.hearth.controlplane.cli;

import dev.hearth.controlplane.admin.FleetStatus;
import dev.hearth.controlplane.admin.NodeView;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Renders fleet status for people: a one-line summary and a table of nodes. */
public final class StatusText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private StatusText() {
    }

    public static String line(FleetStatus s) {
        return String.format(Locale.ROOT, "[%s] nodes %d serving / %d isolated%s · requests %d ok / %d failed"
                        + " · findings %d · samples %d stored",
                TIME.format(s.at()), s.serving(), s.isolated(), s.standby() > 0 ? " / " + s.standby() + " standby" : "",
                s.requestsOk(), s.requestsFailed(),
                s.activeFindings(), s.samplesStored());
    }

    public static String table(FleetStatus s) {
        StringBuilder out = new StringBuilder();
        out.append(line(s)).append('\n');
        out.append(String.format(Locale.ROOT, "%-10s %-9s %-10s %7s %9s  %s%n", "NODE", "STATE", "SINCE", "GPU °C",
                "INLET °C", "WHY"));
        for (NodeView n : s.nodes()) {
            out.append(String.format(Locale.ROOT, "%-10s %-9s %-10s %7s %9s  %s%n", n.id(), n.state(),
                    TIME.format(n.since()), celsius(n.gpuCelsius()), celsius(n.inletCelsius()), why(n, s.at())));
        }
        out.append("gateway ").append(s.gateway()).append(" · store ").append(s.store());
        return out.toString();
    }

    private static String why(NodeView n, Instant now) {
        StringBuilder why = new StringBuilder();
        if (n.rule() != null) {
            why.append(n.rule()).append(": ").append(n.reason())
                    .append(" (condition since ").append(TIME.format(n.findingSince())).append(")");
            why.append(n.healthySeconds() == null ? "; still failing"
                    : "; healthy for " + n.healthySeconds() + " s of the " + n.holdDownSeconds() + " s hold-down");
        }
        if (n.fault() != null) {
            why.append(why.length() == 0 ? "" : "; ").append("injected fault: ").append(n.fault());
        }
        if (why.length() == 0 && "serving".equals(n.state())) {
            why.append("serving for ").append(Duration.between(n.since(), now).toSeconds()).append(" s");
        }
        if (why.length() == 0 && "standby".equals(n.state())) {
            why.append("in reserve for ").append(Duration.between(n.since(), now).toSeconds())
                    .append(" s: promoted in an isolated node's place");
        }
        return why.toString();
    }

    private static String celsius(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}

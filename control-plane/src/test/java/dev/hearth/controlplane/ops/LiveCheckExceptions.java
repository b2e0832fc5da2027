package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dashboards/live-check-exceptions.yml}: the panels, variables and recording rules that
 * cannot have data on the local fleet the live check runs, each with the reason.
 *
 * <pre>
 * exceptions:
 *   - dashboard: fleet-overview.json        # relative to dashboards/
 *     panel: GPU temperature per node       # or  variable: node
 *     reason: only a real GPU reports it
 *   - rule: hearth:gpu_vgpu_utilization:avg # a recording rule's record name
 *     reason: only a GPU with vGPU enabled produces it
 * </pre>
 */
record LiveCheckExceptions(List<Entry> entries, List<String> problems) {
    static final String FILE = "live-check-exceptions.yml";

    /** One excused panel, variable or recording rule; {@code number} counts entries from 1 for messages. */
    record Entry(int number, String dashboard, String panel, String variable, String rule, String reason) {
        boolean covers(LiveQuery q) {
            return switch (q.kind()) {
                case PANEL -> dashboard != null && dashboard.equals(q.file()) && q.subject().equals(panel);
                case VARIABLE -> dashboard != null && dashboard.equals(q.file()) && q.subject().equals("$" + variable);
                case RECORDING_RULE, RECORDED_SERIES -> rule != null && rule.equals(q.subject());
                case ALERT -> false;
            };
        }

        String describe() {
            String what = rule != null ? "rule '" + rule + "'"
                    : dashboard + " · " + (panel != null ? "panel '" + panel + "'" : "variable '$" + variable + "'");
            return FILE + " entry " + number + " (" + what + ")";
        }
    }

    /** The file's entries; a missing file has none. Malformed entries are left out and reported. */
    static LiveCheckExceptions read(Path file) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.exists(file)) {
            return new LiveCheckExceptions(entries, problems);
        }
        JsonNode root = OpsRepo.readYaml(file);
        JsonNode list = root.path("exceptions");
        if (!list.isArray()) {
            problems.add(file + " has no list 'exceptions:' (write 'exceptions: []' when nothing is excused)");
            return new LiveCheckExceptions(entries, problems);
        }
        int number = 0;
        for (JsonNode e : list) {
            number++;
            String dashboard = text(e, "dashboard");
            String panel = text(e, "panel");
            String variable = text(e, "variable");
            String rule = text(e, "rule");
            String reason = text(e, "reason");
            String where = FILE + " entry " + number + " " + e;
            boolean dashboardEntry = dashboard != null && (panel == null) != (variable == null) && rule == null;
            boolean ruleEntry = rule != null && dashboard == null && panel == null && variable == null;
            if (!dashboardEntry && !ruleEntry) {
                problems.add(where + ": name either 'dashboard' with one of 'panel' or 'variable', or 'rule'");
            } else if (reason == null) {
                problems.add(where + ": says no 'reason': write why this cannot have data on the local fleet");
            } else {
                entries.add(new Entry(number, dashboard, panel, variable == null ? null : variable.replaceFirst("^\\$", ""),
                        rule, reason));
            }
        }
        return new LiveCheckExceptions(entries, problems);
    }

    private static String text(JsonNode e, String field) {
        String value = e.path(field).asText("");
        return value.isBlank() ? null : value.strip();
    }
}

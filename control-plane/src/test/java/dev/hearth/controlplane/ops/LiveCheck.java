package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every dashboard query and recording rule against a live Prometheus: each must return data or be
 * excused in {@code dashboards/live-check-exceptions.yml}; each alert expression must be accepted.
 * Queries are asked again until they have data or the patience runs out, because a recording rule
 * writes its series only at its group's next evaluation and a rate needs two scrapes.
 */
final class LiveCheck {
    private final List<DashboardQueries> dashboards;
    private final List<LiveQuery> ruleQueries;
    private final LiveCheckExceptions exceptions;

    /**
     * @param ruleFiles each rule file's YAML, by its path relative to alerts/
     */
    LiveCheck(List<DashboardQueries> dashboards, Map<String, JsonNode> ruleFiles, LiveCheckExceptions exceptions) {
        this.dashboards = List.copyOf(dashboards);
        this.ruleQueries = ruleQueries(ruleFiles);
        this.exceptions = exceptions;
    }

    /** The repository's dashboards, rule files and exceptions file. */
    static LiveCheck of(OpsRepo repo) {
        Path dashboardsDir = repo.root.resolve("dashboards");
        List<DashboardQueries> dashboards = new ArrayList<>();
        for (Path file : repo.dashboards()) {
            dashboards.add(new DashboardQueries(dashboardsDir.relativize(file).toString(), OpsRepo.readJson(file)));
        }
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        for (Path file : repo.ruleFiles()) {
            rules.put(repo.alerts().relativize(file).toString(), OpsRepo.readYaml(file));
        }
        return new LiveCheck(dashboards, rules, LiveCheckExceptions.read(dashboardsDir.resolve(LiveCheckExceptions.FILE)));
    }

    /** What the check found: {@link #problems()} is empty when it passed. */
    record Report(List<String> summary, List<String> problems) {
        boolean passed() {
            return problems.isEmpty();
        }

        String text() {
            StringBuilder s = new StringBuilder();
            summary.forEach(line -> s.append(line).append('\n'));
            problems.forEach(line -> s.append(line).append('\n'));
            return s.toString();
        }
    }

    /** One query's history over the rounds. */
    private static final class State {
        LiveQuery query;
        QueryOutcome last;
        boolean hadData;
        /** The round in which it first had data; 0 while it has none. */
        int dataRound;

        boolean done() {
            if (last == null) {
                return false;
            }
            if (last.rejected()) {
                return true; // the expression itself is wrong: asking again changes nothing
            }
            return query.mustHaveData() ? hadData : last.accepted();
        }
    }

    /**
     * Asks every query, then again every {@code pause} those still without data, until all that
     * must have data do or {@code patience} has passed.
     */
    Report run(QueryRunner runner, Duration patience, Duration pause) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Map<String, State> states = new LinkedHashMap<>();
        List<String> templateProblems = List.of();
        int rounds = 0;
        while (true) {
            rounds++;
            List<LiveQuery> queries = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (DashboardQueries dashboard : dashboards) {
                DashboardQueries.Result r = dashboard.queries(runner);
                queries.addAll(r.queries());
                problems.addAll(r.problems());
            }
            queries.addAll(ruleQueries);
            templateProblems = problems;
            for (LiveQuery q : queries) {
                State state = states.computeIfAbsent(q.key(), k -> new State());
                state.query = q;
                if (state.done()) {
                    continue;
                }
                state.last = runner.query(q.expr());
                if (!state.hadData && state.last.hasData()) {
                    state.hadData = true;
                    state.dataRound = rounds;
                }
            }
            boolean waiting = states.values().stream().anyMatch(s -> !s.done() && excuse(s.query).isEmpty());
            if (!waiting || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(pause.toMillis());
        }
        return report(states, templateProblems, rounds);
    }

    private Optional<LiveCheckExceptions.Entry> excuse(LiveQuery q) {
        return exceptions.entries().stream().filter(e -> e.covers(q)).findFirst();
    }

    private Report report(Map<String, State> states, List<String> templateProblems, int rounds) {
        List<String> noData = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        List<String> excused = new ArrayList<>();
        List<String> late = new ArrayList<>();
        Map<LiveQuery.Kind, int[]> counts = new LinkedHashMap<>();
        int withData = 0;
        for (State s : states.values()) {
            LiveQuery q = s.query;
            counts.computeIfAbsent(q.kind(), k -> new int[1])[0]++;
            withData += s.hadData ? 1 : 0;
            if (s.dataRound > 1) {
                late.add("  - " + q.where() + ": round " + s.dataRound);
            }
            Optional<LiveCheckExceptions.Entry> excuse = excuse(q);
            if (!s.last.accepted()) {
                rejected.add("  - " + q.where() + "\n" + exprLines(q) + "      error: " + s.last.error());
            } else if (q.mustHaveData() && !s.hadData) {
                if (excuse.isPresent()) {
                    excused.add("  - " + q.where() + ": " + excuse.get().reason());
                } else {
                    noData.add("  - " + q.where() + "\n" + exprLines(q).stripTrailing());
                }
            }
        }
        List<String> stale = new ArrayList<>();
        for (LiveCheckExceptions.Entry e : exceptions.entries()) {
            List<State> covered = states.values().stream().filter(s -> e.covers(s.query)).toList();
            if (covered.isEmpty()) {
                stale.add("  - " + e.describe() + " names nothing that exists: " + missing(e)
                        + "; remove or correct the entry");
            } else if (covered.stream().allMatch(s -> s.hadData)) {
                stale.add("  - " + e.describe() + ": every query of it returns data now; remove the entry");
            }
        }

        List<String> summary = new ArrayList<>();
        StringBuilder kinds = new StringBuilder();
        counts.forEach((kind, n) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(n[0]).append(' ')
                .append(kind.label));
        summary.add("live check: " + dashboards.size() + " dashboard(s), " + states.size() + " queries (" + kinds
                + "), " + withData + " with data after " + rounds + " round(s)");
        if (!late.isEmpty()) {
            summary.add("had data only after the first round (" + late.size() + "):");
            summary.addAll(late);
        }
        if (!excused.isEmpty()) {
            summary.add("excused by dashboards/" + LiveCheckExceptions.FILE + " (" + excused.size() + "):");
            summary.addAll(excused);
        }
        List<String> problems = new ArrayList<>();
        section(problems, "no data, and not excused in dashboards/" + LiveCheckExceptions.FILE
                + " (make the fleet produce it, fix the query, or add an entry with the reason)", noData);
        section(problems, "rejected by Prometheus", rejected);
        section(problems, "stale entries in dashboards/" + LiveCheckExceptions.FILE, stale);
        section(problems, "malformed entries in dashboards/" + LiveCheckExceptions.FILE,
                exceptions.problems().stream().map(p -> "  - " + p).toList());
        section(problems, "template variables", templateProblems.stream().map(p -> "  - " + p).toList());
        return new Report(summary, problems);
    }

    private String missing(LiveCheckExceptions.Entry e) {
        if (e.rule() != null) {
            boolean isAlert = ruleQueries.stream().anyMatch(q -> q.kind() == LiveQuery.Kind.ALERT
                    && q.subject().equals(e.rule()));
            return isAlert ? "'" + e.rule() + "' is an alert, and alerts need no data"
                    : "no recording rule records '" + e.rule() + "' in alerts/";
        }
        Optional<DashboardQueries> dashboard = dashboards.stream().filter(d -> d.file().equals(e.dashboard()))
                .findFirst();
        if (dashboard.isEmpty()) {
            return "there is no dashboards/" + e.dashboard();
        }
        return e.panel() != null ? "dashboards/" + e.dashboard() + " has no panel with queries titled '" + e.panel()
                + "' (its panels: " + dashboard.get().panelTitles() + ")"
                : "dashboards/" + e.dashboard() + " has no query variable $" + e.variable() + " (its variables: "
                + dashboard.get().variableNames() + ")";
    }

    private static String exprLines(LiveQuery q) {
        String lines = "      expr: " + q.expr() + "\n";
        return q.template().equals(q.expr()) ? lines : lines + "      as written: " + q.template() + "\n";
    }

    private static void section(List<String> into, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            into.add(title + " (" + lines.size() + "):");
            into.addAll(lines);
        }
    }

    /** Every recording rule (its expression and its series) and every alert of the rule files. */
    private static List<LiveQuery> ruleQueries(Map<String, JsonNode> ruleFiles) {
        List<LiveQuery> queries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        ruleFiles.forEach((file, yaml) -> {
            for (JsonNode group : yaml.path("groups")) {
                String groupName = "group " + group.path("name").asText();
                for (JsonNode rule : group.path("rules")) {
                    String expr = rule.path("expr").asText();
                    boolean alert = rule.has("alert");
                    String name = alert ? rule.path("alert").asText() : rule.path("record").asText();
                    // the same record name may appear twice in a group, with different labels
                    int n = seen.merge(file + "\u0000" + groupName + "\u0000" + name, 1, Integer::sum);
                    String ref = n == 1 ? groupName : groupName + " #" + n;
                    if (alert) {
                        queries.add(new LiveQuery(LiveQuery.Kind.ALERT, file, name, ref, expr, expr));
                    } else {
                        queries.add(new LiveQuery(LiveQuery.Kind.RECORDING_RULE, file, name, ref, expr, expr));
                        String series = name + matchers(rule.path("labels"));
                        queries.add(new LiveQuery(LiveQuery.Kind.RECORDED_SERIES, file, name, ref, series, series));
                    }
                }
            }
        });
        return queries;
    }

    /** A rule's static labels as a selector, so the series of that very rule is asked for. */
    private static String matchers(JsonNode labels) {
        if (!labels.isObject() || labels.isEmpty()) {
            return "";
        }
        List<String> m = new ArrayList<>();
        labels.fields().forEachRemaining(l -> m.add(l.getKey() + "=\"" + l.getValue().asText()
                .replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return "{" + String.join(", ", m) + "}";
    }
}

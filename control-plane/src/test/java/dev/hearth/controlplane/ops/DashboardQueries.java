package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL a Grafana dashboard sends, as Grafana would send it: every panel target and every
 * variable query, with template variables substituted. A variable with "All" takes its all-value
 * ({@code .*} unless the dashboard sets one), as a user who opens the dashboard sees it; one without
 * takes the first value its query finds, as Grafana preselects it. Time macros take one window,
 * {@value #WINDOW}, long enough for two scrapes at any test interval.
 */
final class DashboardQueries {
    static final String WINDOW = "1m";
    private static final String WINDOW_SECONDS = "60";
    private static final String ALL = ".*";
    private static final Map<String, String> BUILT_INS = Map.of(
            "__rate_interval", WINDOW, "__interval", WINDOW, "__range", WINDOW,
            "__interval_ms", WINDOW_SECONDS + "000", "__range_s", WINDOW_SECONDS, "__range_ms", WINDOW_SECONDS + "000");
    /** {@code ${name}}, {@code ${name:format}}, {@code [[name]]}, {@code $name}. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{([A-Za-z_]\\w*)(?::[^}]*)?}|\\[\\[([A-Za-z_]\\w*)(?::[^]]*)?]]|\\$([A-Za-z_]\\w*)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((.*),\\s*([a-zA-Z_]\\w*)\\s*\\)\\s*$",
            Pattern.DOTALL);
    private static final Pattern LABEL_VALUES_ONLY = Pattern.compile("^\\s*label_values\\s*\\(\\s*([a-zA-Z_]\\w*)\\s*\\)\\s*$");
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);
    private static final Pattern METRICS = Pattern.compile("^\\s*metrics\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);

    private final String file;
    private final JsonNode dashboard;

    /** @param file the dashboard's path relative to dashboards/, as exceptions name it */
    DashboardQueries(String file, JsonNode dashboard) {
        this.file = file;
        this.dashboard = dashboard;
    }

    /** The queries and what could not be turned into one (an unknown variable, say). */
    record Result(List<LiveQuery> queries, List<String> problems) {
    }

    String file() {
        return file;
    }

    /** Titles of every panel with queries, rows' nested panels included. */
    Set<String> panelTitles() {
        Set<String> titles = new LinkedHashSet<>();
        panels().stream().filter(p -> !p.path("targets").isEmpty()).forEach(p -> titles.add(p.path("title").asText()));
        return titles;
    }

    Set<String> variableNames() {
        Set<String> names = new LinkedHashSet<>();
        dashboard.path("templating").path("list").forEach(v -> names.add("$" + v.path("name").asText()));
        return names;
    }

    /**
     * Resolves the variables in order (a later one may use an earlier one), then every target.
     * {@code runner} answers the variable queries of variables without "All".
     */
    Result queries(QueryRunner runner) throws InterruptedException {
        List<LiveQuery> queries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>(BUILT_INS);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String name = variable.path("name").asText();
            String type = variable.path("type").asText();
            String where = "dashboards/" + file + " · variable '$" + name + "'";
            Optional<Translated> query = type.equals("query") ? translate(variableQuery(variable)) : Optional.empty();
            if (query.isPresent()) {
                String expr = substitute(query.get().expr(), values, where, problems);
                queries.add(new LiveQuery(LiveQuery.Kind.VARIABLE, file, "$" + name, "", expr, variableQuery(variable)));
                values.put(name, variable.path("includeAll").asBoolean() ? allValue(variable)
                        : firstValue(runner.query(expr), query.get().label(), variable.path("regex").asText()));
            } else {
                values.put(name, staticValue(variable));
            }
        }
        for (JsonNode panel : panels()) {
            String title = panel.path("title").asText();
            int index = 0;
            for (JsonNode target : panel.path("targets")) {
                index++;
                String template = target.path("expr").asText();
                if (template.isBlank()) {
                    continue;
                }
                String ref = target.path("refId").asText("#" + index);
                String where = "dashboards/" + file + " · panel '" + title + "' · " + ref;
                queries.add(new LiveQuery(LiveQuery.Kind.PANEL, file, title, ref.isBlank() ? "#" + index : ref,
                        substitute(template, values, where, problems), template));
            }
        }
        return new Result(queries, problems);
    }

    /** Every panel that is not a row, at any depth: a collapsed row keeps its panels inside it. */
    private List<JsonNode> panels() {
        List<JsonNode> all = new ArrayList<>();
        collect(dashboard.path("panels"), all);
        return all;
    }

    private static void collect(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            if (!panel.path("type").asText().equals("row")) {
                into.add(panel);
            }
            collect(panel.path("panels"), into);
        }
    }

    /** {@code expr} with every variable replaced; an unknown one is left as written and reported. */
    static String substitute(String expr, Map<String, String> values, String where, List<String> problems) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = values.get(name);
            if (value == null) {
                problems.add(where + " uses $" + name + ", which is neither a variable of the dashboard (defined"
                        + " above its use) nor a Grafana built-in: " + expr);
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A variable query as PromQL, and the label whose values it lists (null: the values are not labels). */
    private record Translated(String expr, String label) {
    }

    private static Optional<Translated> translate(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        if (m.matches()) {
            return Optional.of(new Translated("group by (" + m.group(2) + ") (" + m.group(1) + ")", m.group(2)));
        }
        m = LABEL_VALUES_ONLY.matcher(query);
        if (m.matches()) {
            return Optional.of(new Translated("group by (" + m.group(1) + ") ({" + m.group(1) + "!=\"\"})",
                    m.group(1)));
        }
        m = QUERY_RESULT.matcher(query);
        if (m.matches()) {
            return Optional.of(new Translated(m.group(1), null));
        }
        m = METRICS.matcher(query);
        if (m.matches()) {
            String regex = m.group(1).strip();
            return Optional.of(new Translated("group by (__name__) ({__name__=~\"" + regex.replace("\"", "\\\"")
                    + "\"})", "__name__"));
        }
        // label_names() and other forms: not PromQL, and no panel's expression depends on them
        return query.isBlank() || query.strip().startsWith("label_names") ? Optional.empty()
                : Optional.of(new Translated(query, null));
    }

    private static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        String text = query.isObject() ? query.path("query").asText() : query.asText();
        return text.isBlank() ? variable.path("definition").asText() : text;
    }

    private static String allValue(JsonNode variable) {
        String all = variable.path("allValue").asText();
        return all.isBlank() ? ALL : all;
    }

    /** The first value Grafana would list: the label's values sorted, through the variable's regex. */
    private static String firstValue(QueryOutcome outcome, String label, String regex) {
        if (label == null) {
            return ALL;
        }
        Set<String> values = new TreeSet<>();
        for (Map<String, String> series : outcome.series()) {
            String value = series.get(label);
            if (value != null) {
                values.add(value);
            }
        }
        Pattern filter = regex.isBlank() ? null : Pattern.compile(regex.replaceAll("^/|/[a-z]*$", ""));
        for (String value : values) {
            if (filter == null) {
                return value;
            }
            Matcher m = filter.matcher(value);
            if (m.find()) {
                return m.groupCount() > 0 && m.group(1) != null ? m.group(1) : value;
            }
        }
        // nothing to choose yet: the panels then match anything, and the variable's own query reports it
        return ALL;
    }

    /** Variables whose value is in the dashboard: custom, constant, interval, textbox. */
    private static String staticValue(JsonNode variable) {
        if (variable.path("includeAll").asBoolean()) {
            return allValue(variable);
        }
        JsonNode current = variable.path("current").path("value");
        if (current.isArray() && !current.isEmpty()) {
            current = current.get(0);
        }
        String value = current.isTextual() ? current.asText() : "";
        if (value.isBlank() && variable.path("options").isArray() && !variable.path("options").isEmpty()) {
            value = variable.path("options").get(0).path("value").asText();
        }
        String query = variableQuery(variable);
        if (value.isBlank() && !query.isBlank()) {
            value = query.split(",")[0].strip();
        }
        if (variable.path("type").asText().equals("interval") && (value.isBlank() || value.startsWith("$__auto"))) {
            value = WINDOW;
        }
        return value;
    }
}

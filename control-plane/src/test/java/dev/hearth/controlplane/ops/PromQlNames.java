package dev.hearth.controlplane.ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names, function names and label names a PromQL expression (or a Grafana template query)
 * refers to, found with regular expressions: enough for the queries Hearth writes, not a parser.
 */
record PromQlNames(Set<String> metrics, Set<String> functions, List<Selector> selectors, Set<String> groupingLabels) {

    /** One {@code metric{label="value", ...}} selector and the label names it matches on. */
    record Selector(String metric, Set<String> labels) {
    }

    static final Set<String> KNOWN_FUNCTIONS = Set.of(
            // aggregation operators
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile",
            // functions of Prometheus 2.42
            "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
            "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor",
            "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_sum", "holt_winters", "hour",
            "idelta", "increase", "irate", "label_join", "label_replace", "ln", "log2", "log10", "minute", "month",
            "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sqrt", "time",
            "timestamp", "vector", "year", "avg_over_time", "min_over_time", "max_over_time", "sum_over_time",
            "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time", "last_over_time",
            "present_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh",
            "tan", "tanh", "deg", "pi", "rad");

    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless",
            "atan2", "inf", "nan");

    private static final String STRING_RE = "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`";
    private static final Pattern STRING = Pattern.compile(STRING_RE);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])[a-zA-Z_:][\\w:]*");
    private static final Pattern SELECTOR = Pattern.compile(
            "(?<![\\w.:$])([a-zA-Z_:][\\w:]*)\\s*\\{((?:[^}\"'`]|" + STRING_RE + ")*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]\\w*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_]\\w*");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$");
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\s*\\((.*)\\)\\s*$");
    private static final Pattern NO_METRIC_QUERY = Pattern.compile(
            "^\\s*(?:label_values\\s*\\(\\s*[a-zA-Z_]\\w*\\s*\\)|label_names\\s*\\(\\s*\\)|metrics\\s*\\(.*\\))\\s*$");

    /** The names in a Grafana template variable query ({@code label_values(expr, label)}, {@code query_result(expr)}). */
    static PromQlNames ofTemplateQuery(String query) {
        if (NO_METRIC_QUERY.matcher(query).matches()) {
            return of("");
        }
        for (Pattern wrapper : List.of(LABEL_VALUES, QUERY_RESULT)) {
            Matcher m = wrapper.matcher(query);
            if (m.matches()) {
                return of(m.group(1));
            }
        }
        return of(query);
    }

    static PromQlNames of(String expr) {
        List<Selector> selectors = new ArrayList<>();
        Matcher sel = SELECTOR.matcher(expr);
        while (sel.find()) {
            selectors.add(new Selector(sel.group(1), names(MATCHER, STRING.matcher(sel.group(2)).replaceAll(""), 1)));
        }
        String s = STRING.matcher(expr).replaceAll(" ");
        s = VARIABLE.matcher(s).replaceAll(" ");
        s = BRACES.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        Set<String> grouping = new LinkedHashSet<>();
        Matcher g = GROUPING.matcher(s);
        while (g.find()) {
            grouping.addAll(names(LABEL, g.group(1), 0));
        }
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> functions = new LinkedHashSet<>();
        Matcher id = IDENTIFIER.matcher(s);
        while (id.find()) {
            String name = id.group();
            if (KEYWORDS.contains(name.toLowerCase())) {
                continue; // "or (", "and (": operators, not calls
            }
            boolean call = s.substring(id.end()).stripLeading().startsWith("(");
            if (call) {
                functions.add(name);
            } else {
                metrics.add(name);
            }
        }
        return new PromQlNames(metrics, functions, selectors, grouping);
    }

    /**
     * A first, cheap syntax check: the expression is not empty, its strings are closed, and its brackets
     * pair up. promtool parses for real (AlertRulesIT); this catches the commonest slip in every test run
     * and says where.
     */
    static Optional<String> syntaxProblem(String expr) {
        if (expr.isBlank()) {
            return Optional.of("the expression is empty");
        }
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = i + 1;
                while (end < expr.length() && expr.charAt(end) != c) {
                    end += c != '`' && expr.charAt(end) == '\\' ? 2 : 1;
                }
                if (end >= expr.length()) {
                    return Optional.of("the string opened with " + c + " at " + position(expr, i) + " is never closed");
                }
                i = end;
            } else if (c == '#') {
                int end = expr.indexOf('\n', i);
                i = end < 0 ? expr.length() : end;
            } else if (c == '(' || c == '[' || c == '{') {
                open.push(i);
            } else if (c == ')' || c == ']' || c == '}') {
                char expected = open.isEmpty() ? 0 : closer(expr.charAt(open.peek()));
                if (c != expected) {
                    return Optional.of("unexpected '" + c + "' at " + position(expr, i)
                            + (open.isEmpty() ? "" : " where '" + expected + "' closes the '"
                            + expr.charAt(open.peek()) + "' at " + position(expr, open.peek())));
                }
                open.pop();
            }
        }
        if (!open.isEmpty()) {
            int at = open.peek();
            return Optional.of("the '" + expr.charAt(at) + "' at " + position(expr, at) + " is never closed");
        }
        return Optional.empty();
    }

    private static char closer(char opener) {
        return opener == '(' ? ')' : opener == '[' ? ']' : '}';
    }

    /** "line L, column C" of an offset, both from 1. */
    private static String position(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }

    private static Set<String> names(Pattern pattern, String text, int group) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            names.add(m.group(group));
        }
        return names;
    }
}

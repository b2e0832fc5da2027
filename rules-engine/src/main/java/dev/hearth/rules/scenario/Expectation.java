package dev.hearth.rules.scenario;

import dev.hearth.model.Finding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold at {@code at} (from the scenario's start), about the findings active then:
 * {@code findings} lists all of them, {@code include} some of them, {@code absent} ones that must not be
 * there, and {@code none: true} says there are none.
 */
public record Expectation(Duration at, List<ExpectedFinding> findings, List<ExpectedFinding> include,
                          List<ExpectedFinding> absent, Boolean none) {
    public Expectation {
        if (at == null) {
            throw new IllegalArgumentException("an expectation needs 'at', e.g. at: 2m");
        }
        findings = findings == null ? null : List.copyOf(findings);
        include = include == null ? List.of() : List.copyOf(include);
        absent = absent == null ? List.of() : List.copyOf(absent);
        none = Boolean.TRUE.equals(none);
        if (findings == null && include.isEmpty() && absent.isEmpty() && !none) {
            throw new IllegalArgumentException("the expectation at " + ScenarioDurations.format(at)
                    + " checks nothing; give findings, include, absent or none: true");
        }
        if (none && findings != null && !findings.isEmpty()) {
            throw new IllegalArgumentException("the expectation at " + ScenarioDurations.format(at)
                    + " says none: true and lists findings; keep one");
        }
    }

    /** What the scenario checks, as one line. */
    String describe() {
        if (none) {
            return "no findings";
        }
        List<String> parts = new ArrayList<>();
        if (findings != null) {
            parts.add(findings.isEmpty() ? "no findings"
                    : "exactly " + String.join(", ", findings.stream().map(ExpectedFinding::describe).toList()));
        }
        if (!include.isEmpty()) {
            parts.add("includes " + String.join(", ", include.stream().map(ExpectedFinding::describe).toList()));
        }
        if (!absent.isEmpty()) {
            parts.add("lacks " + String.join(", ", absent.stream().map(ExpectedFinding::describe).toList()));
        }
        return String.join("; ", parts);
    }

    /** The differences between this expectation and the {@code active} findings; empty when it holds. */
    List<String> check(List<Finding> active, Instant start) {
        List<String> problems = new ArrayList<>();
        List<ExpectedFinding> required = new ArrayList<>(include);
        if (findings != null) {
            required.addAll(findings);
        }
        for (ExpectedFinding e : required) {
            Finding f = active.stream().filter(e::sameCondition).findFirst().orElse(null);
            if (f == null) {
                problems.add("missing " + e.describe());
            } else if (e.mismatch(f, start) != null) {
                problems.add("differs " + e.mismatch(f, start));
            }
        }
        for (ExpectedFinding e : absent) {
            active.stream().filter(e::sameCondition).findFirst()
                    .ifPresent(f -> problems.add("unwanted " + show(f)));
        }
        if (none || findings != null) {
            List<ExpectedFinding> listed = findings == null ? List.of() : findings;
            for (Finding f : active) {
                if (listed.stream().noneMatch(e -> e.sameCondition(f))) {
                    problems.add("unexpected " + show(f));
                }
            }
        }
        return problems;
    }

    private static String show(Finding f) {
        return f.node() + " " + f.kind() + " " + f.suggestedAction() + " (" + f.rule() + ": " + f.summary() + ")";
    }
}

package dev.hearth.controlplane.rules;

import dev.hearth.model.Finding;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What rules replayed over stored history would have done.
 *
 * @param evaluations  how many evaluations ran (one per step)
 * @param opened       findings in the order they opened, each once however long it held
 * @param shadow       findings of shadow rules, likewise
 * @param actions      suggested actions of the opened findings, by action
 * @param nodes        nodes any opened finding named
 * @param budgets      error budget spent over the replayed span, one per SLO with traffic
 * @param problems     distinct problems the evaluations reported (facts refused, rules left out)
 */
public record ReplayReport(Instant from, Instant to, int evaluations, List<Finding> opened, List<Finding> shadow,
                           Map<String, Integer> actions, Set<String> nodes, List<BudgetSpent> budgets,
                           List<String> problems) {
    public ReplayReport {
        opened = List.copyOf(opened);
        shadow = List.copyOf(shadow);
        actions = Collections.unmodifiableMap(new TreeMap<>(actions)); // printed in name order
        nodes = Collections.unmodifiableSet(new TreeSet<>(nodes));
        budgets = List.copyOf(budgets);
        problems = List.copyOf(problems);
    }

    /**
     * One SLO's error budget over the span: its bad share of requests, the burn rate (bad share over
     * the allowed share), and the share of a 30-day budget the span used at that rate.
     */
    public record BudgetSpent(String slo, double requests, double badRatio, double objective) {
        public double burnRate() {
            return badRatio / (1 - objective);
        }

        public double shareOf30Days(double spanSeconds) {
            return burnRate() * spanSeconds / (30 * 24 * 3600.0);
        }
    }
}

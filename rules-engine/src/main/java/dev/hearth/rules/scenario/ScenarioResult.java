package dev.hearth.rules.scenario;

import java.util.List;
import java.util.Set;

/**
 * A scenario's outcome.
 *
 * @param changes        every finding opened or resolved, in order (e.g. {@code 2m opened node-2 gpu-overheat
 *                       ISOLATE}), to see why an expectation failed
 * @param rules          the rules whose findings were active at some step
 * @param skippedSamples samples the fact loader skipped as unreadable (NaN values)
 */
public record ScenarioResult(String name, List<ExpectationResult> expectations, List<String> changes,
                             Set<String> rules, int evaluations, long skippedSamples) {
    public ScenarioResult {
        expectations = List.copyOf(expectations);
        changes = List.copyOf(changes);
        rules = Set.copyOf(rules);
    }

    public boolean passed() {
        return expectations.stream().allMatch(ExpectationResult::passed);
    }
}

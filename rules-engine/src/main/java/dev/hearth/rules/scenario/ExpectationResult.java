package dev.hearth.rules.scenario;

import java.time.Duration;
import java.util.List;

/**
 * One expectation's outcome.
 *
 * @param expected what the scenario said should hold, as one line
 * @param problems what differed (missing, unexpected, unwanted or differing findings); empty when it passed
 */
public record ExpectationResult(Duration at, String expected, List<String> problems) {
    public ExpectationResult {
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    /** {@code PASS at 2m: ...} or {@code FAIL at 2m: expected ...; got: ...}. */
    public String line() {
        String when = "at " + ScenarioDurations.format(at);
        return passed() ? "PASS " + when + ": " + expected
                : "FAIL " + when + ": expected " + expected + "; " + String.join("; ", problems);
    }
}

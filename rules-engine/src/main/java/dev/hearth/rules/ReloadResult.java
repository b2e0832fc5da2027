package dev.hearth.rules;

import java.time.Instant;
import java.util.List;

/**
 * What one look at the rule directory did.
 *
 * @param files    the rule files of the rules now running (the previous ones when the reload failed)
 * @param rules    how many rules are running
 * @param problems why the reload failed, file and line first; empty otherwise
 */
public record ReloadResult(Instant at, Outcome outcome, List<String> files, int rules, List<RuleProblem> problems) {
    public ReloadResult {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    public enum Outcome {
        /** The directory changed and its rules now run. */
        LOADED,
        /** Nothing changed since the last look. */
        UNCHANGED,
        /** The directory changed but cannot be read or does not compile; the previous rules keep running. */
        FAILED
    }
}

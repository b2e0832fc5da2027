package dev.hearth.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule pack that cannot be loaded or does not compile; the message names every file, line and
 * reason, one per line, and {@link #problems()} gives them one by one.
 */
public final class RuleCompilationException extends RuntimeException {
    private final List<RuleProblem> problems;

    public RuleCompilationException(String message) {
        super(message);
        this.problems = List.of();
    }

    public RuleCompilationException(List<RuleProblem> problems) {
        super(problems.stream().map(RuleProblem::toString)
                .collect(Collectors.joining("\n", "rules do not compile:\n", "")));
        this.problems = List.copyOf(problems);
    }

    /** The problems one by one; empty when the exception was made from a message alone. */
    public List<RuleProblem> problems() {
        return problems;
    }
}

package dev.hearth.controlplane.fleet;

/**
 * DRL rules for the end-to-end tests that fire on a node's newest GPU temperature reading, with no
 * window of their own, so a scenario takes seconds rather than the built-in rules' 30 s.
 */
final class ReadingRules {
    private static final String HEADER = """
            package rules;
            import dev.hearth.rules.facts.Reading;
            import dev.hearth.rules.facts.EvaluationTime;
            global dev.hearth.rules.FindingCollector findings;
            """;

    private ReadingRules() {
    }

    /** A rule file with the given rules. */
    static String file(String... rules) {
        return HEADER + String.join("", rules);
    }

    /**
     * A rule raising a finding of {@code kind} that suggests {@code action} while a node's newest GPU
     * reading (at most 3 s old) is above {@code celsius}.
     */
    static String gpuAbove(String name, double celsius, String kind, String severity, String action) {
        return """

                rule "%s"
                when
                    EvaluationTime( $now : epochMillis )
                    $last : Reading( metric == "hearth_bmc_temperature_celsius", label("physical_context") == "GPU",
                                     $series : series, $tl : epochMillis, epochMillis >= $now - 3000, value > %s )
                    not Reading( series == $series, epochMillis > $tl )
                then
                    findings.raise(drools.getRule().getName(), $last.node(), "%s", "%s", "%s",
                            String.format("GPU at %%.1f °C", $last.value()), $last);
                end
                """.formatted(name, celsius, kind, severity, action);
    }
}

package dev.hearth.rules;

import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.rules.authoring.RuleCompiler;
import dev.hearth.rules.facts.Reading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Facts and rules that would stop a naive engine: it reports them and evaluates the rest. */
class BadInputTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final RuleEngine ENGINE = new RuleEngine(new RuleCompiler().compile(new RulePack(Map.of("bad.drl", """
            package bad;
            import dev.hearth.rules.authoring.RuleCompiler;
import dev.hearth.rules.facts.Reading;
            global dev.hearth.rules.FindingCollector findings;

            declare Counter
                n : int
            end

            rule "Hot node"
            when
                $r : Reading( metric == "t", value > 90 )
            then
                findings.raise(drools.getRule().getName(), $r.node(), "hot", "CRITICAL", "ISOLATE", "hot", $r);
            end

            rule "Start counting"
            when
                Reading( metric == "count" )
            then
                insert(new Counter(0));
            end

            // modifies the fact its own condition matches, without no-loop: never terminates
            rule "Count forever"
            when
                $c : Counter( n >= 0 )
            then
                modify($c) { setN($c.getN() + 1) }
            end

            rule "Crashes"
            when
                $r : Reading( metric == "crash" )
            then
                String missing = null;
                findings.raise(drools.getRule().getName(), $r.node(), "x" + missing.length(), "INFO", "NOTIFY", "x", $r);
            end

            rule "Raises a finding with a bad severity"
            @shadow
            when
                $r : Reading( metric == "severity" )
            then
                findings.raise(drools.getRule().getName(), $r.node(), "sev", "LOUD", "NOTIFY", "x", $r);
            end
            """))), new SimpleMeterRegistry(), new EvaluationLimits(5_000, 1_000));

    private static Reading reading(String node, String metric, double value) {
        return Reading.of(Sample.of(AT, node, metric, value));
    }

    @Test
    void aLoopingRuleIsStoppedReportedWithItsCountAndLeftOut() {
        Evaluation e = ENGINE.evaluate(AT, List.of(reading("n1", "t", 95), reading("n2", "count", 1)));

        assertThat(e.findings()).extracting(Finding::node, Finding::kind).containsExactly(tuple("n1", "hot"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(EvaluationProblem.Kind.RULE_LOOPED);
            assertThat(p.subject()).isEqualTo("Count forever");
            assertThat(p.message()).startsWith("rule \"Count forever\" fired 1001 times in one evaluation (limit 1000"
                    + " per rule): it re-triggers itself");
        });
        assertThat(e.firings()).extracting(Firing::rule, Firing::outcome).containsExactlyInAnyOrder(
                tuple("Hot node", FiringOutcome.ACTED), tuple("Start counting", FiringOutcome.ACTED),
                tuple("Count forever", FiringOutcome.LOOPED));
        assertThat(e.firings()).filteredOn(f -> f.rule().equals("Hot node")).singleElement()
                .satisfies(f -> assertThat(f.findingKind()).isEqualTo("hot"));
    }

    @Test
    void theTotalCapStopsManyRulesThatTogetherFireTooOften() {
        List<Object> facts = new ArrayList<>();
        for (int i = 0; i < 999; i++) {
            facts.add(reading("n" + i, "t", 95));
        }
        RuleEngine tight = new RuleEngine(ENGINE.rules(), new SimpleMeterRegistry(), new EvaluationLimits(500, 1_000));
        Evaluation e = tight.evaluate(AT, facts);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("Hot node");
            assertThat(p.message()).startsWith("rule \"Hot node\" fired 501 times in one evaluation (limit 500 in all)");
        });
        assertThat(e.findings()).isEmpty();
    }

    @Test
    void aRuleThatThrowsIsReportedByNameAndTheOthersStillRun() {
        Evaluation e = ENGINE.evaluate(AT, List.of(reading("n1", "crash", 1), reading("n2", "t", 99),
                reading("n3", "severity", 1)));

        assertThat(e.findings()).extracting(Finding::node).containsExactly("n2");
        assertThat(e.problems()).extracting(EvaluationProblem::kind, EvaluationProblem::subject)
                .containsExactlyInAnyOrder(tuple(EvaluationProblem.Kind.RULE_FAILED, "Crashes"),
                        tuple(EvaluationProblem.Kind.RULE_FAILED, "Raises a finding with a bad severity"));
        assertThat(e.problems()).filteredOn(p -> p.subject().equals("Crashes")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("rule \"Crashes\" failed: NullPointerException"));
        assertThat(e.problems()).filteredOn(p -> p.subject().startsWith("Raises")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("IllegalArgumentException").contains("LOUD"));
        assertThat(e.firings()).filteredOn(f -> f.outcome() == FiringOutcome.FAILED)
                .extracting(Firing::rule, Firing::shadow, Firing::node).containsExactlyInAnyOrder(
                        tuple("Crashes", false, "n1"), tuple("Raises a finding with a bad severity", true, "n3"));
        // the engine is as good as before
        assertThat(ENGINE.evaluate(AT, List.of(reading("n4", "t", 91))).findings()).extracting(Finding::node)
                .containsExactly("n4");
    }

    @Test
    void factsWithMissingFieldsOrNaNAreRefusedNamingTheFactAndTheRestIsEvaluated() {
        List<Object> facts = new ArrayList<>(Arrays.asList(
                new Reading("n1", "t", "s", Map.of(), Double.NaN, AT.toEpochMilli()),
                new Reading(null, "t", "s", Map.of(), 95, AT.toEpochMilli()),
                null,
                new Reading("n2", "t", "s", Map.of(), Double.POSITIVE_INFINITY, AT.toEpochMilli()),
                reading("n3", "t", 96)));

        Evaluation e = ENGINE.evaluate(AT, facts);

        assertThat(e.findings()).extracting(Finding::node).containsExactly("n3");
        assertThat(e.problems()).extracting(EvaluationProblem::message).containsExactly(
                "fact Reading[node=n1, metric=t, series=s, labels={}, value=NaN, epochMillis=1767225600000] was refused:"
                        + " its value is NaN, not a number a rule can compare; the rules ran without it",
                "fact Reading[node=null, metric=t, series=s, labels={}, value=95.0, epochMillis=1767225600000] was"
                        + " refused: it has no node; the rules ran without it",
                "a null fact was refused: the fact source returned null in its list",
                "fact Reading[node=n2, metric=t, series=s, labels={}, value=Infinity, epochMillis=1767225600000] was"
                        + " refused: its value is Infinity, not a number a rule can compare; the rules ran without it");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.kind()).isEqualTo(EvaluationProblem.Kind.BAD_FACT));
    }
}

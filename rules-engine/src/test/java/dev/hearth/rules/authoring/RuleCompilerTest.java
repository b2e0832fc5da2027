package dev.hearth.rules.authoring;

import dev.hearth.rules.CompiledRules;
import dev.hearth.rules.LoadedRule;
import dev.hearth.rules.RuleCompilationException;
import dev.hearth.rules.RuleFile;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.RuleProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/** What a compile reports, file and line first, for every kind of broken rule file. */
class RuleCompilerTest {
    private static final RuleCompiler COMPILER = new RuleCompiler();
    private static final String HEADER = """
            package t;
            import dev.hearth.rules.facts.Reading;
            global dev.hearth.rules.FindingCollector findings;
            """;

    private static List<RuleProblem> problems(Map<String, String> files) {
        return catchThrowableOfType(RuleCompilationException.class,
                () -> COMPILER.compile(new RulePack(files))).problems();
    }

    @Test
    void aDrlSyntaxErrorNamesFileAndLine() {
        List<RuleProblem> p = problems(Map.of("broken.drl", HEADER + """
                rule "missing then"
                when
                    Reading( value > 1 )
                end
                """));
        assertThat(p).isNotEmpty().allSatisfy(x -> assertThat(x.file()).isEqualTo("broken.drl"));
        assertThat(p.get(0).line()).isEqualTo(7);
        assertThat(p.get(0).toString()).startsWith("broken.drl:7: ");
    }

    @Test
    void anUnknownFactTypeNamesTheTypeAndTheLine() {
        assertThat(problems(Map.of("unknown.drl", HEADER + """
                rule "no such fact"
                when
                    GpuTemperature( celsius > 90 )
                then
                end
                """))).singleElement().satisfies(x -> {
            assertThat(x.line()).isEqualTo(6);
            assertThat(x.message()).contains("GpuTemperature").contains("no fact type of that name is imported");
        });
    }

    @Test
    void aSentenceThatMatchesNothingIsNamedWithItsLineInTheDslr() {
        assertThat(problems(Map.of("s.dslr", """
                package t;
                expander hearth.dsl
                rule "typo"
                when
                    the GPU temprature on a node stays above 90 °C for 30 seconds
                then
                    isolate the node and tell someone
                end
                """))).extracting(RuleProblem::line, RuleProblem::message).satisfiesExactly(
                first -> {
                    assertThat(first.toList()).first().isEqualTo(5);
                    assertThat((String) first.toList().get(1)).startsWith("no condition sentence of hearth.dsl matches"
                            + " 'the GPU temprature on a node stays above 90 °C for 30 seconds'; the condition sentences"
                            + " are: 'the GPU temperature on a node stays above {t} \\u00b0C for {n} seconds'");
                },
                second -> {
                    assertThat(second.toList()).first().isEqualTo(7);
                    assertThat((String) second.toList().get(1))
                            .startsWith("no action sentence of hearth.dsl matches 'isolate the node and tell someone'");
                });
    }

    @Test
    void aDrlErrorInsideAnExpandedSentenceIsReportedAtTheSentence() {
        assertThat(problems(Map.of("s.dslr", """
                package t;
                expander hearth.dsl

                rule "threshold is not a number"
                when
                    the hearth_bmc_power_watts of a node is above lots
                then
                    isolate the node
                end
                """))).isNotEmpty().allSatisfy(x -> {
            assertThat(x.file()).isEqualTo("s.dslr");
            assertThat(x.line()).isEqualTo(6);
            assertThat(x.message()).endsWith("(in the expansion of 'the hearth_bmc_power_watts of a node is above lots')");
        });
    }

    @Test
    void aDslrNeedsItsDslAndMustNameOneThatExists() {
        assertThat(problems(Map.of("missing.dslr", "package t;\nexpander sre.dsl\n")))
                .containsExactly(new RuleProblem("missing.dslr", 2, "expander names 'sre.dsl', which is neither in the"
                        + " rule directory nor shipped with Hearth (hearth.dsl): put sre.dsl beside this file or fix the"
                        + " name"));
        assertThat(problems(Map.of("none.dslr", "package t;\n"))).containsExactly(new RuleProblem("none.dslr", 1,
                "a .dslr file needs a line 'expander NAME.dsl' naming the sentences it is written in,"
                        + " e.g. 'expander hearth.dsl'"));
    }

    @Test
    void aDslOfThePackIsUsedAndItsOwnErrorsNameItsLine() {
        CompiledRules rules = COMPILER.compile(new RulePack(Map.of(
                "team/sre.dsl", "[when]any reading=$r : Reading()\n[then]do nothing=System.out.print(\"\");\n",
                "a.dslr", HEADER + "expander sre.dsl\nrule \"own sentences\"\nwhen\n    any reading\nthen\n    do nothing\nend\n")));
        assertThat(rules.files()).extracting(RuleFile::name).containsExactly("a.dslr");
        assertThat(rules.ruleCount()).isEqualTo(1);

        assertThat(problems(Map.of("bad.dsl", "[when]fine=Reading()\n[when]broken { =Reading()\n",
                "a.drl", HEADER))).singleElement().satisfies(x -> {
            assertThat(x.file()).isEqualTo("bad.dsl");
            assertThat(x.line()).isEqualTo(2);
        });
    }

    @Test
    void aRuleNameUsedTwiceNamesBothFiles() {
        assertThat(problems(Map.of(
                "a.drl", "package one;\nrule \"Same\"\nwhen\nthen\nend\n",
                "b.drl", "package two;\n\nrule \"Same\"\nwhen\nthen\nend\n")))
                .containsExactly(new RuleProblem("b.drl", 3, "rule \"Same\" is also defined at a.drl:2: rename one,"
                        + " rule names are unique across the pack"));
    }

    @Test
    void filesListTheirRulesWithShadowFromTheFileOrTheRule() {
        CompiledRules rules = COMPILER.compile(new RulePack(Map.of(
                "live.drl", "package t;\nrule \"Live\"\nwhen\nthen\nend\nrule \"Watched\"\n@shadow\nwhen\nthen\nend\n",
                "shadow/new.drl", "package t;\nrule \"New\"\nwhen\nthen\nend\n"), Set.of("shadow/new.drl")));
        assertThat(rules.files()).extracting(RuleFile::name, RuleFile::shadow).containsExactly(
                tuple("live.drl", false), tuple("shadow/new.drl", true));
        assertThat(rules.files().get(0).rules()).containsExactly(new LoadedRule("Live", 2, false),
                new LoadedRule("Watched", 6, true));
        assertThat(rules.shadowRules()).containsExactlyInAnyOrder("Watched", "New");
    }
}

package dev.hearth.rules;

import dev.hearth.model.Finding;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;
import dev.hearth.rules.authoring.RuleCompiler;
import dev.hearth.rules.facts.Reading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class RuleReloaderTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final RuleCompiler COMPILER = new RuleCompiler();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(AT, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static String rule(String name, double threshold) {
        return """
                package t;
                import dev.hearth.rules.facts.Reading;
                global dev.hearth.rules.FindingCollector findings;
                rule "%s"
                when
                    $r : Reading( value > %s )
                then
                    findings.raise(drools.getRule().getName(), $r.node(), "%s", "INFO", "NOTIFY", "s", $r);
                end
                """.formatted(name, threshold, name);
    }

    private List<String> firingRules(RuleEngine engine) {
        return engine.evaluate(AT, List.of(Reading.of(Sample.of(AT, "n1", "t", 50)))).findings().stream()
                .map(Finding::rule).toList();
    }

    private double failures() {
        return registry.get(MetricCatalogue.RULES_RELOAD_FAILURES.meterName()).counter().count();
    }

    @Test
    void aChangeIsLoadedABrokenChangeIsReportedAndThePreviousRulesKeepRunning() throws IOException {
        Files.writeString(dir.resolve("a.drl"), rule("Above 10", 10));
        RuleEngine engine = new RuleEngine(COMPILER.compile(RulePack.fromDirectory(dir)), registry,
                EvaluationLimits.defaults());
        RuleReloader reloader = new RuleReloader(dir, engine, COMPILER, registry, clock);

        assertThat(reloader.reloadNow().outcome()).isEqualTo(ReloadResult.Outcome.UNCHANGED);
        assertThat(reloader.last()).isEmpty();

        Files.writeString(dir.resolve("b.drl"), rule("Above 20", 20));
        ReloadResult loaded = reloader.reloadNow();
        assertThat(loaded).isEqualTo(new ReloadResult(AT, ReloadResult.Outcome.LOADED, List.of("a.drl", "b.drl"), 2,
                List.of()));
        assertThat(firingRules(engine)).containsExactlyInAnyOrder("Above 10", "Above 20");

        Files.writeString(dir.resolve("b.drl"), rule("Above 20", 20).replace("value >", "valu >"));
        ReloadResult failed = reloader.reloadNow();
        assertThat(failed.outcome()).isEqualTo(ReloadResult.Outcome.FAILED);
        assertThat(failed.files()).containsExactly("a.drl", "b.drl");
        assertThat(failed.problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.file()).isEqualTo("b.drl");
            assertThat(p.line()).isEqualTo(6);
        });
        assertThat(reloader.last()).contains(failed);
        assertThat(failures()).isEqualTo(1.0);
        assertThat(firingRules(engine)).containsExactlyInAnyOrder("Above 10", "Above 20");

        // looking again at the same broken file neither reports nor counts it twice
        assertThat(reloader.reloadNow().outcome()).isEqualTo(ReloadResult.Outcome.UNCHANGED);
        assertThat(failures()).isEqualTo(1.0);

        Files.delete(dir.resolve("b.drl"));
        assertThat(reloader.reloadNow().outcome()).isEqualTo(ReloadResult.Outcome.LOADED);
        assertThat(firingRules(engine)).containsExactly("Above 10");
    }

    @Test
    void anEmptiedDirectoryIsAFailureAndRefillingItRecovers() throws IOException {
        Files.writeString(dir.resolve("a.drl"), rule("Above 10", 10));
        RuleEngine engine = new RuleEngine(COMPILER.compile(RulePack.fromDirectory(dir)), registry,
                EvaluationLimits.defaults());
        RuleReloader reloader = new RuleReloader(dir, engine, COMPILER, registry, clock);

        Files.move(dir.resolve("a.drl"), dir.resolve("a.drl.off"));
        ReloadResult failed = reloader.reloadNow();
        assertThat(failed.outcome()).isEqualTo(ReloadResult.Outcome.FAILED);
        assertThat(failed.problems()).extracting(RuleProblem::message).containsExactly(
                "holds no rule files: put .drl or .dslr files in it (see rules-engine/AUTHORING.md)");
        assertThat(firingRules(engine)).containsExactly("Above 10");

        Files.move(dir.resolve("a.drl.off"), dir.resolve("a.drl"));
        assertThat(reloader.reloadNow().outcome()).isEqualTo(ReloadResult.Outcome.LOADED);
        assertThat(reloader.last().orElseThrow().problems()).isEmpty();
        assertThat(failures()).isEqualTo(1.0);
    }

    @Test
    void aScheduledReloaderPicksUpAChange() throws Exception {
        Files.writeString(dir.resolve("a.drl"), rule("Above 10", 10));
        RuleEngine engine = new RuleEngine(COMPILER.compile(RulePack.fromDirectory(dir)), registry,
                EvaluationLimits.defaults());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (RuleReloader reloader = new RuleReloader(dir, engine, COMPILER, registry, clock)
                .start(scheduler, Duration.ofMillis(20))) {
            Files.writeString(dir.resolve("a.drl"), rule("Above 30", 30));
            for (int i = 0; i < 500 && reloader.last().isEmpty(); i++) {
                Thread.sleep(20);
            }
            assertThat(reloader.last().orElseThrow().outcome()).isEqualTo(ReloadResult.Outcome.LOADED);
            assertThat(firingRules(engine)).containsExactly("Above 30");
        } finally {
            scheduler.shutdownNow();
        }
    }
}

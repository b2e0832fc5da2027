package dev.hearth.controlplane.cli;

import dev.hearth.controlplane.bench.RulesBench;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RulePack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"Time one evaluation cycle of the built-in rule packs over a made-up fleet's facts",
                "(per node: status, series windows, source health, service statistics; per fleet: latency,",
                "load, SLO windows, shards), for each fleet size given."})
public final class BenchRulesCommand implements Callable<Integer> {

    @Option(names = "--nodes", split = ",", defaultValue = "1000,10000", paramLabel = "N[,N...]",
            description = "Fleet sizes to measure (default ${DEFAULT-VALUE}).")
    List<Integer> nodes;

    @Option(names = "--runs", defaultValue = "5", description = "Timed evaluations per size (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warm-ups", defaultValue = "3", description = "Untimed evaluations first (default ${DEFAULT-VALUE}).")
    int warmUps;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (runs < 1 || warmUps < 0 || nodes.stream().anyMatch(n -> n < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be positive, --runs at least 1 and "
                    + "--warm-ups at least 0; got nodes " + nodes + ", runs " + runs + ", warm-ups " + warmUps);
        }
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        RuleEngine engine = new RuleEngine(RulePack.builtIn(), new SimpleMeterRegistry());
        out.printf("rules: built-in packs compiled in %.0f ms%n", (System.nanoTime() - start) / 1e6);
        RulesBench bench = new RulesBench(engine);
        for (int n : nodes) {
            RulesBench.Figure f = bench.measure(n, warmUps, runs);
            out.printf("rules: %,d nodes, %,d facts: one evaluation median %.1f ms (min %.1f ms, %d runs), "
                    + "%d findings%n", f.nodes(), f.facts(), f.medianMillis(), f.minMillis(), f.runs(), f.findings());
            out.flush();
        }
        return 0;
    }
}

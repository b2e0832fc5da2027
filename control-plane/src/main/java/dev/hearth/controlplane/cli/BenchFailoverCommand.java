package dev.hearth.controlplane.cli;

import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.bench.FailoverBench;
import dev.hearth.controlplane.fleet.FleetConfig;
import dev.hearth.controlplane.fleet.LocalFleet;
import dev.hearth.controlplane.fleet.RemediationSetup;
import dev.hearth.remediation.GuardPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"Fault injection under load on a local fleet with the built-in rules: each run injects the"
                + " fault into one more serving node while households send completions, and prints fault → traffic"
                + " drained, fault → a standby serving in its place (loaded, canary passed, routed) and the requests"
                + " that failed meanwhile."})
public final class BenchFailoverCommand implements Callable<Integer> {
    private static final long SEED = 42;

    @Option(names = "--runs", defaultValue = "3", description = "Faults, one per node (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--nodes", defaultValue = "4", description = "Serving nodes at the start (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--fault", defaultValue = "xid-79",
            description = "The fault to inject: xid-79 is isolated at the first reading; overheat after the rule's"
                    + " 30 s above 90 °C (default ${DEFAULT-VALUE}).")
    String fault;

    @Option(names = "--rps", defaultValue = "8", description = "Completions a second during each run (default ${DEFAULT-VALUE}).")
    double rps;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long one run sends load and waits for the node to drain and a standby to serve; give 90s with --fault overheat (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cli = spec.commandLine();
        if (runs < 1 || runs > 8 || nodes < 2 || nodes > 16 || rps <= 0 || timeout.toSeconds() < 5) {
            throw new CommandLine.ParameterException(cli, "--runs must be 1-8, --nodes 2-16, --rps above 0 and"
                    + " --timeout at least 5s; got runs " + runs + ", nodes " + nodes + ", rps " + rps + ", timeout "
                    + timeout);
        }
        // each run's standby takes its node's place, so run r isolates the r-th of nodes + r - 1 in service
        // and the guard's half share allows it while r < nodes
        if (runs >= nodes) {
            throw new CommandLine.ParameterException(cli, "--runs " + runs + " with --nodes " + nodes + ": the guard"
                    + " isolates at most half the nodes in service; give --nodes " + (runs + 1) + " or more");
        }
        PrintWriter out = cli.getOut();
        try (ScratchDirectory dir = ScratchDirectory.create("hearth-bench-failover")) {
            // one standby per run; the guard's window allows one isolation per run and one more
            // the store: an embedded PostgreSQL in the scratch directory, gone after the bench
            FleetConfig config = new FleetConfig(nodes, Optional.empty(), dir.path(), 0, 0,
                    Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(6),
                    new GuardPolicy(0.5, runs + 1, Duration.ofMinutes(10)), SEED, 1, runs);
            LocalFleet fleet;
            try {
                fleet = LocalFleet.start(config, RemediationSetup.defaults(), Clock.systemUTC(), line -> { },
                        Json.newMapper());
            } catch (RuntimeException e) {
                throw new UserError("the local fleet did not start: " + e.getMessage());
            }
            try (fleet) {
                out.printf("failover: %d nodes + %d standbys, built-in rules, %.0f completions/s, fault %s%n", nodes,
                        runs, rps, fault);
                out.flush();
                FailoverBench bench = new FailoverBench(fleet, HttpClient.newHttpClient(), Json.newMapper());
                List<FailoverBench.Run> done = new ArrayList<>();
                for (int r = 1; r <= runs; r++) {
                    FailoverBench.Run run = bench.run("node-" + r, fault, rps, timeout);
                    done.add(run);
                    out.println(line(r, run));
                    out.flush();
                }
                out.println(summary(done));
            }
        }
        return 0;
    }

    private static String line(int r, FailoverBench.Run run) {
        return String.format(Locale.ROOT, "failover run %d: %s on %s → traffic drained %,d ms; %s; load during the run:"
                        + " %s", r, run.fault(), run.node(), run.drained().toMillis(),
                run.standby().map(s -> s + " serving " + String.format(Locale.ROOT, "%,d ms",
                        run.standbyServing().orElseThrow().toMillis())).orElse("no standby served in time"),
                run.load().summary());
    }

    private static String summary(List<FailoverBench.Run> runs) {
        long[] drained = runs.stream().mapToLong(r -> r.drained().toMillis()).sorted().toArray();
        long[] serving = runs.stream().filter(r -> r.standbyServing().isPresent())
                .mapToLong(r -> r.standbyServing().orElseThrow().toMillis()).sorted().toArray();
        long failed = runs.stream().mapToLong(r -> r.load().failed()).sum();
        long sent = runs.stream().mapToLong(r -> r.load().sent()).sum();
        return String.format(Locale.ROOT, "failover: median fault → drained %,d ms, fault → standby serving %s;"
                + " %d of %d requests failed", drained[drained.length / 2], serving.length == 0 ? "none"
                : String.format(Locale.ROOT, "%,d ms", serving[serving.length / 2]), failed, sent);
    }
}

package dev.hearth.controlplane.cli;

import dev.hearth.collector.store.DatabaseUnreachableException;
import dev.hearth.collector.store.EmbeddedStoreException;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.admin.AdminApi;
import dev.hearth.controlplane.admin.AdminToken;
import dev.hearth.controlplane.fleet.RemediationSetup;
import dev.hearth.rules.RuleCompilationException;
import dev.hearth.remediation.ActionModes;
import dev.hearth.controlplane.fleet.EnergyPrice;
import dev.hearth.controlplane.fleet.FleetConfig;
import dev.hearth.controlplane.fleet.LocalFleet;
import dev.hearth.controlplane.households.DemoHouseholds;
import dev.hearth.controlplane.prometheus.AlertsDirectory;
import dev.hearth.controlplane.prometheus.FleetEndpoints;
import dev.hearth.controlplane.prometheus.PrometheusNotInstalledException;
import dev.hearth.controlplane.prometheus.PrometheusOptions;
import dev.hearth.controlplane.prometheus.PrometheusServer;
import dev.hearth.controlplane.prometheus.PrometheusSetup;
import dev.hearth.controlplane.prometheus.PrometheusStartException;
import dev.hearth.node.serving.SlicePolicy;
import dev.hearth.node.http.PortInUseException;
import dev.hearth.remediation.GuardPolicy;
import dev.hearth.node.model.TensorPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start a local fleet in this process.",
                "Inference nodes with simulated BMCs, the gateway, the collector into PostgreSQL, the rules engine,",
                "remediation and the admin API. Runs until Ctrl-C or the end of --duration, then stops everything",
                "and exits with 0."})
public final class UpCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "4", description = "Number of inference nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--stages", defaultValue = "1",
            description = "Pipeline stages: 1 runs the whole model on every node; 2-4 keep layer 0 on the nodes and"
                    + " put the later layers on shard servers (two replicas each) reached over TCP (default: ${DEFAULT-VALUE}).")
    int stages;

    @Option(names = "--standbys", paramLabel = "N",
            description = {"Spare nodes held in reserve (hardware watched, no model loaded): remediation promotes one"
                    + " in an isolated node's place after a good canary.", "Default: 1 with --stages 1, else 0."})
    Integer standbys;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 90s or 10m (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = {"An external PostgreSQL/TimescaleDB, e.g. jdbc:postgresql://127.0.0.1:5432/hearth?user=postgres.",
                    "Default: an embedded PostgreSQL keeping its data under --data-dir."})
    String db;

    @Option(names = "--admin-port", defaultValue = "" + FleetConfig.DEFAULT_ADMIN_PORT,
            description = "Port of the admin API (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int adminPort;

    @Option(names = "--gateway-port", defaultValue = "" + FleetConfig.DEFAULT_GATEWAY_PORT,
            description = "Port of the gateway's OpenAI-compatible API (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int gatewayPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded PostgreSQL keeps its data (default: $HEARTH_HOME or ~/.hearth).")
    Path dataDir;

    @Option(names = "--interval", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often to scrape and evaluate the rules (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--hold-down", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long an isolated node must stay healthy before it serves again (default: ${DEFAULT-VALUE}).")
    Duration holdDown;

    @Option(names = "--rules", paramLabel = "DIR",
            description = {"Run the rules of DIR (.drl, .dslr with hearth.dsl) instead of the built-in packs, and reload",
                    "them when they change; a change that does not compile is reported and the last good rules run on."})
    Path rules;

    @Option(names = "--action-modes", paramLabel = "TYPE=MODE,…",
            description = {"How remediation carries out each action type: automatic (default), approval (waits for"
                    + " ./hearth actions approve ID) or dry-run (recorded only), e.g. isolate=approval,rebalance=dry-run."})
    String actionModes;

    @Option(names = "--approval-ttl", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long an action waits for approval before it expires (default: ${DEFAULT-VALUE}).")
    Duration approvalTtl;

    @Option(names = "--electricity-price", paramLabel = "PRICE", defaultValue = "0.15",
            description = "What one kWh of electricity costs, in --currency, for the dashboards' cost panels"
                    + " (default: ${DEFAULT-VALUE}).")
    String electricityPrice;

    @Option(names = "--currency", paramLabel = "CODE", defaultValue = "USD",
            description = "ISO 4217 code of --electricity-price's currency, e.g. EUR (default: ${DEFAULT-VALUE}).")
    String currency;

    @Option(names = "--slicing", paramLabel = "POLICY", defaultValue = "best-effort",
            description = {"How each node divides its engine time among households: best-effort (a household may use"
                    + " what the others leave idle; most throughput) or equal-share (each active household is held to"
                    + " its weighted share, so a flood within quota does not slow the others' first tokens)"
                    + " (default: ${DEFAULT-VALUE})."})
    String slicing;

    @Option(names = "--status-every", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often to print the status line (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Option(names = "--with-prometheus",
            description = {"Also start Prometheus (the Debian package's prometheus binary, on the PATH) scraping the"
                    + " fleet, with the rule files of the repository's alerts/; its config and data go to"
                    + " <data-dir>/prometheus."})
    boolean withPrometheus;

    @Option(names = "--prometheus-port", defaultValue = "" + PrometheusOptions.DEFAULT_PORT,
            description = "Port of Prometheus with --with-prometheus (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int prometheusPort;

    @Option(names = "--alerts-dir", paramLabel = "DIR",
            description = "The rule files for --with-prometheus (default: alerts/ of the repository around the working"
                    + " directory or the hearth jar).")
    Path alertsDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The local fleet's weights are generated from this seed, so every run serves the same model. */
    private static final long SEED = 42;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        FleetConfig config = config();
        requireFree(adminPort, "admin API", "--admin-port");
        requireFree(gatewayPort, "gateway", "--gateway-port");
        // checked before the fleet starts: a wrong option should not cost a fleet start to find out
        AlertsDirectory alerts = withPrometheus ? alerts() : null;
        PrometheusSetup prometheusSetup = withPrometheus ? prometheusSetup(out) : null;
        out.printf("starting a local fleet of %d node%s (store: %s)…%n", nodes, nodes == 1 ? "" : "s",
                db == null ? "embedded PostgreSQL" : "external PostgreSQL");
        out.flush();
        long started = System.nanoTime();
        LocalFleet fleet;
        try {
            fleet = LocalFleet.start(config, setup(), Clock.systemUTC(), event -> {
                out.println("[event] " + event);
                out.flush();
            }, Json.newMapper());
        } catch (PortInUseException e) {
            throw new UserError(e.getMessage() + ": pass "
                    + (AdminApi.SERVER_NAME.equals(e.server()) ? "--admin-port" : "--gateway-port")
                    + " with a free port (is another ./hearth up running?)");
        } catch (DatabaseUnreachableException | EmbeddedStoreException e) {
            throw new UserError(e.getMessage());
        }
        double startSeconds = (System.nanoTime() - started) / 1e9;
        PrometheusServer prometheus = null;
        try {
            if (prometheusSetup != null) {
                prometheus = startPrometheus(out, prometheusSetup, fleet, alerts, config.dataDirectory());
            }
            printEndpoints(out, fleet, startSeconds, prometheus, alerts);
            installStopSignals();
            Instant end = duration == null ? null : Instant.now().plus(duration);
            while (!stop.await(untilNextLine(end), TimeUnit.MILLISECONDS) && !ending(end)) {
                out.println(StatusText.line(fleet.status()));
                out.flush();
            }
            out.println(StatusText.line(fleet.status()));
            out.println("stopping…");
            out.flush();
        } finally {
            // Prometheus first, so it does not log the fleet's endpoints vanishing under it
            if (prometheus != null) {
                prometheus.close();
            }
            fleet.close();
        }
        out.println("stopped");
        out.flush();
        return 0;
    }

    private long untilNextLine(Instant end) {
        long next = statusEvery.toMillis();
        return end == null ? next : Math.max(0, Math.min(next, Duration.between(Instant.now(), end).toMillis()));
    }

    /** Within a moment of the end: the final status line printed after the loop stands for this one. */
    private static boolean ending(Instant end) {
        return end != null && Duration.between(Instant.now(), end).toMillis() < 100;
    }

    private FleetConfig config() {
        Path dir = dataDir != null ? dataDir
                : Path.of(System.getenv().getOrDefault("HEARTH_HOME", System.getProperty("user.home") + "/.hearth"));
        if (db != null && !db.startsWith("jdbc:postgresql://")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--db '" + db
                    + "' is not a PostgreSQL JDBC URL: use jdbc:postgresql://HOST:PORT/DATABASE?user=USER");
        }
        try {
            return new FleetConfig(nodes, Optional.ofNullable(db), dir, adminPort, gatewayPort, interval, holdDown,
                    Duration.ofHours(6), GuardPolicy.defaults(), SEED, stages,
                    standbys != null ? standbys : stages == 1 ? 1 : 0, EnergyPrice.parse(electricityPrice, currency),
                    slicingPolicy());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private SlicePolicy slicingPolicy() {
        try {
            return SlicePolicy.parse(slicing);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--slicing '" + slicing + "' is not a slicing policy: use best-effort"
                    + " (the default) or equal-share");
        }
    }

    private RemediationSetup setup() {
        RemediationSetup setup;
        try {
            setup = RemediationSetup.defaults().withModes(ActionModes.parse(actionModes, approvalTtl));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--action-modes: " + e.getMessage());
        }
        if (rules == null) {
            return setup;
        }
        if (!Files.isDirectory(rules)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rules '" + rules + "' is not a directory: "
                    + "name the directory that holds the .drl and .dslr files");
        }
        try {
            return setup.withRulesDirectory(rules);
        } catch (RuleCompilationException e) {
            throw new UserError("the rules in " + rules + " do not compile, so the fleet did not start:\n"
                    + e.getMessage());
        }
    }

    private static void requireFree(int port, String what, String option) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UserError("port " + port + " for the " + what + " is already in use: pass " + option
                    + " with a free port (is another ./hearth up running?)");
        }
    }

    /** The Prometheus setup, or null with a message when Prometheus is not installed: the fleet starts anyway. */
    private PrometheusSetup prometheusSetup(PrintWriter out) {
        PrometheusOptions options;
        try {
            options = PrometheusOptions.defaults().withPort(prometheusPort);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        requireFree(prometheusPort, "Prometheus UI", "--prometheus-port");
        try {
            Path binary = PrometheusSetup.locateBinary(System.getenv("PATH"));
            return new PrometheusSetup(binary, options, HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2)).build());
        } catch (PrometheusNotInstalledException e) {
            out.println("--with-prometheus: " + e.getMessage() + "; the fleet starts without Prometheus");
            out.flush();
            return null;
        }
    }

    /** --alerts-dir, or the alerts/ of the repository around the working directory or the running jar. */
    private AlertsDirectory alerts() {
        if (alertsDir != null) {
            try {
                return AlertsDirectory.of(alertsDir);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--alerts-dir " + e.getMessage());
            }
        }
        List<Path> starts = new ArrayList<>(List.of(Path.of("")));
        try {
            starts.add(Path.of(UpCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no jar location to search from: the working directory alone is searched
        }
        return AlertsDirectory.find(starts).orElseThrow(() -> new UserError("--with-prometheus needs the rule files"
                + " in the repository's alerts/, and none was found above " + Path.of("").toAbsolutePath()
                + ": run ./hearth from the Hearth repository, or pass --alerts-dir DIR"));
    }

    /** Prometheus scraping the fleet, or null with the reason printed: the fleet is useful without it. */
    private static PrometheusServer startPrometheus(PrintWriter out, PrometheusSetup setup, LocalFleet fleet,
                                                    AlertsDirectory alerts, Path dataDir) throws InterruptedException {
        try {
            return setup.start(FleetEndpoints.of(fleet), alerts.ruleFiles(), dataDir.resolve("prometheus"));
        } catch (PrometheusStartException | UncheckedIOException e) {
            out.println("Prometheus did not start, the fleet runs without it: " + e.getMessage());
            out.flush();
            return null;
        }
    }

    private void printEndpoints(PrintWriter out, LocalFleet fleet, double seconds, PrometheusServer prometheus,
                                AlertsDirectory alerts) {
        out.printf("Hearth local fleet is up (started in %.1f s)%n", seconds);
        out.printf("  gateway (OpenAI API)  %s/v1%n", fleet.gatewayUri());
        // where Prometheus finds the gateway's own metrics (requests, latency, quota rejections)
        out.printf("  gateway admin API     %s   (metrics at /metrics)%n", fleet.gatewayAdminUri());
        out.printf("  admin API             %s   (status, faults, audit; metrics at /metrics, BMC and GPU readings"
                + " at /metrics/readings)%n", fleet.adminUri());
        out.printf("  store                 %s%n", fleet.storeDescription());
        // shown this once; the CLI reads it from the file, so it need not be copied anywhere
        out.printf("  admin token           %s%n", fleet.adminToken().reveal());
        out.printf("                        (needed by calls that change the fleet; kept in %s, owner-only)%n",
                config().dataDirectory().resolve(AdminToken.FILE_NAME));
        out.printf("  households            %s (API keys: ./hearth households list)%n",
                String.join(", ", DemoHouseholds.names()));
        out.printf("  model                 %s, %.2f M parameters generated from seed %d, %s%n",
                fleet.modelName(), new TensorPlan(fleet.model()).parameterCount() / 1e6, SEED, stages == 1
                        ? "on every node" : "in " + stages + " pipeline stages (layer 0 on every node, the rest on"
                        + " shard servers over TCP)");
        Map<String, URI> serving = fleet.nodeUris();
        serving.forEach((id, uri) -> out.printf("  %-8s  node %s  metrics %s/metrics  BMC %s%n", id, uri, uri,
                fleet.bmcUris().get(id)));
        fleet.bmcUris().forEach((id, bmc) -> {
            if (!serving.containsKey(id)) {
                out.printf("  %-8s  standby: no model loaded until promoted  BMC %s%n", id, bmc);
            }
        });
        if (prometheus != null) {
            out.printf("  Prometheus            %s   (scraping %d targets, rules from %s; config %s)%n",
                    prometheus.uri(), prometheus.targets(), alerts, prometheus.configFile());
        }
        out.println("Ctrl-C stops the fleet. Try: ./hearth status · ./hearth households list"
                + " · ./hearth load --rps 20 --duration 60s · ./hearth inject overheat --node node-2");
        out.flush();
    }

    /** Ctrl-C and SIGTERM end the run normally (exit code 0) instead of killing the JVM mid-write. */
    @SuppressWarnings("removal")
    private void installStopSignals() {
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.countDown());
            } catch (IllegalArgumentException e) {
                // signal not available on this platform: the default handling stays
            }
        }
    }
}

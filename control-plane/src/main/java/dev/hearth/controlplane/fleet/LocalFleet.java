package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.Collector;
import dev.hearth.collector.PrometheusScrapeSource;
import dev.hearth.collector.PrometheusTextParser;
import dev.hearth.collector.RedfishSource;
import dev.hearth.collector.Source;
import dev.hearth.collector.TopologyLabels;
import dev.hearth.collector.buffer.BatchBuffer;
import dev.hearth.collector.buffer.BufferConfig;
import dev.hearth.collector.gpu.NvidiaSmiSource;
import dev.hearth.collector.gpu.XidLogSource;
import dev.hearth.collector.store.DataSources;
import dev.hearth.collector.store.EmbeddedPostgresServer;
import dev.hearth.collector.store.PostgresMetricStore;
import dev.hearth.controlplane.admin.AdminApi;
import dev.hearth.controlplane.admin.FaultInjected;
import dev.hearth.controlplane.admin.FleetControl;
import dev.hearth.controlplane.admin.FleetStatus;
import dev.hearth.controlplane.admin.HouseholdView;
import dev.hearth.controlplane.households.DemoHouseholds;
import dev.hearth.controlplane.households.HouseholdStore;
import dev.hearth.controlplane.households.IssuedKey;
import dev.hearth.node.households.HouseholdQuota;
import dev.hearth.controlplane.admin.NodeView;
import dev.hearth.controlplane.admin.RulesView;
import dev.hearth.controlplane.sim.Fault;
import dev.hearth.controlplane.sim.SimulatedBmc;
import dev.hearth.controlplane.sim.SimulatedGpu;
import dev.hearth.controlplane.sim.ThermalModel;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.remediation.AuditUnavailableException;
import java.util.HashMap;
import dev.hearth.collector.query.SeriesSelector;
import dev.hearth.collector.query.Grouping;
import dev.hearth.collector.query.GroupValue;
import dev.hearth.node.gateway.Route;
import dev.hearth.remediation.NodeLoad;
import dev.hearth.model.placement.ShardPlacement;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.NodeState;
import dev.hearth.model.Sample;
import dev.hearth.model.Topology;
import dev.hearth.node.tokenizer.ByteTokenizer;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import dev.hearth.node.engine.Kernels;
import dev.hearth.gpu.CudaBackend;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.BatchEntry;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.engine.KernelBackends;
import dev.hearth.node.gateway.Gateway;
import dev.hearth.node.gateway.RouteTable;
import dev.hearth.controlplane.placement.PlacementRollout;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.node.gateway.UnknownNodeException;
import dev.hearth.node.server.InferenceNode;
import dev.hearth.controlplane.admin.AdminToken;
import dev.hearth.model.ActionType;
import dev.hearth.remediation.ActionExecutor;
import dev.hearth.remediation.AuditEntry;
import dev.hearth.remediation.Backends;
import dev.hearth.remediation.FleetFacts;
import dev.hearth.remediation.Guard;
import dev.hearth.remediation.GuardState;
import dev.hearth.remediation.NodeStatus;
import dev.hearth.remediation.PendingAction;
import dev.hearth.remediation.Planner;
import dev.hearth.remediation.PostgresAuditLog;
import dev.hearth.remediation.PostgresPendingActions;
import dev.hearth.remediation.Remediator;
import dev.hearth.remediation.Sleeper;
import dev.hearth.remediation.power.PowerPolicy;
import dev.hearth.remediation.power.PowerStateActuator;
import dev.hearth.remediation.power.ProcessCommandRunner;
import dev.hearth.remediation.power.SimulatedPowerStates;
import dev.hearth.remediation.tickets.TicketActuator;
import dev.hearth.remediation.tickets.TicketDesk;
import dev.hearth.rules.Firing;
import dev.hearth.rules.RuleReloader;
import dev.hearth.rules.authoring.RuleCompiler;
import dev.hearth.rules.FiringLog;
import dev.hearth.rules.PostgresFiringLog;
import dev.hearth.rules.RuleCycle;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.facts.RecentReadings;
import dev.hearth.rules.fleet.FleetFactsConfig;
import dev.hearth.rules.fleet.FleetSnapshot;
import dev.hearth.rules.fleet.ShardAssignment;
import dev.hearth.controlplane.rules.LiveFacts;
import dev.hearth.controlplane.rules.StoreMetricHistory;
import dev.hearth.collector.query.MetricQueries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The composition root of a local fleet in one process: N inference nodes with simulated BMCs, a
 * gateway, the collector into PostgreSQL, the rules engine, remediation, the control loop and the
 * admin API, wired through the interfaces each stage owns.
 */
public final class LocalFleet implements FleetControl, AutoCloseable {
    /** How far back each rule evaluation reads: longer than the longest rule window. */
    private static final Duration RULE_LOOKBACK = Duration.ofMinutes(2);
    private static final Set<String> RULE_METRICS = Set.of(MetricCatalogue.BMC_TEMPERATURE.name(),
            MetricCatalogue.BMC_FAN_SPEED.name(), MetricCatalogue.BMC_POWER.name(), MetricCatalogue.SCRAPE_UP.name(),
            MetricCatalogue.GPU_XID_EVENTS.name());
    /** The gateway's availability objective: the error budget is the failures it allows. */
    private static final double SLO = 0.999;
    /** Below this many requests the failure ratio says too little to spend budget by. */
    private static final long MIN_REQUESTS_FOR_BUDGET = 100;
    private static final int MAX_PENDING_SAMPLES = 200_000;
    /** The node name the gateway's own metrics are stored under. */
    private static final String GATEWAY = "gateway";
    /** Replicas of the whole model the local fleet's load needs (N); the rules want N + 2. */
    private static final int MODEL_REPLICAS_NEEDED = 1;
    private static final Duration RULE_RELOAD_EVERY = Duration.ofSeconds(5);
    /** The latency window rebalancing weighs nodes by. */
    private static final Duration LOAD_WINDOW = Duration.ofMinutes(1);
    /** An RTX 2080 Ti's power limits in its power-saving and full-performance states. */
    private static final int LOW_POWER_WATTS = 180;
    private static final int HIGH_POWER_WATTS = 260;

    private final FleetConfig config;
    private final RemediationSetup setup;
    /** The model every node serves: the DeepSeek-V3 tiny preset, generated from the fleet's seed. */
    static final String MODEL_NAME = "hearth-deepseek-v3-tiny";
    private static final int MODEL_CONTEXT = 512;
    private static final int WARM_UP_GENERATIONS = 24;
    private static final long CARD_BYTES = 11L * 1024 * 1024 * 1024;
    private static final int KV_BLOCK_TOKENS = 16;
    private final ModelConfig model = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
    private final Clock clock;
    private final Consumer<String> events;
    private final ObjectMapper json;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    /** Serving processes by node, standbys among them once promoted: read by the admin API's threads too. */
    private final Map<String, InferenceNode> nodes = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /** The nodes holding the whole model, in the fleet's order: a promoted standby takes its node's place. */
    private final List<String> holders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> standbyIds = new ArrayList<>();
    private volatile long placementVersion = 1;
    private final Map<String, SimulatedBmc> bmcs = new LinkedHashMap<>();
    private final Map<String, SimulatedGpu> gpus = new LinkedHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String storeDescription;
    private LatestReadings latest;
    private PostgresAuditLog audit;
    private HouseholdStore householdStore;
    private DemoHouseholds demoHouseholds;
    private List<IssuedKey> demoKeys = List.of();
    private Gateway gateway;
    private Remediator remediator;
    private RuleEngine ruleEngine;
    private FiringLog firingLog;
    private RuleReloader reloader;
    private TicketActuator tickets;
    private Map<String, Topology> topology = Map.of();
    private ControlLoop loop;
    private AdminApi admin;
    private LocalPipeline pipeline;
    private AdminToken adminToken;
    private Kernels kernels;
    private RouteTable routeTable;
    private Planner planner;
    private MetricQueries queries;
    private OpenTelemetry tracing;
    private Collector collector;
    private PrometheusTextParser parser;
    private Duration scrapeTimeout;
    private String canaryAnswer;
    private long weightBytes;
    private ReadingsExposition readings;

    private LocalFleet(FleetConfig config, RemediationSetup setup, Clock clock, Consumer<String> events,
                       ObjectMapper json) {
        this.config = config;
        this.setup = setup;
        this.clock = clock;
        this.events = events;
        this.json = json;
    }

    /**
     * Starts everything; on failure stops what was started and rethrows.
     *
     * @param events receives a line for each remediation decision
     */
    public static LocalFleet start(FleetConfig config, Clock clock, Consumer<String> events, ObjectMapper json) {
        return start(config, RemediationSetup.defaults(), clock, events, json);
    }

    /**
     * Starts everything with remediation set up as given; on failure stops what was started and rethrows.
     *
     * @param events receives a line for each remediation decision
     */
    public static LocalFleet start(FleetConfig config, RemediationSetup setup, Clock clock, Consumer<String> events,
                                   ObjectMapper json) {
        LocalFleet fleet = new LocalFleet(config, setup, clock, events, json);
        try {
            fleet.open();
            return fleet;
        } catch (RuntimeException | Error e) {
            fleet.close();
            throw e;
        }
    }

    private void open() {
        // first: a fleet whose token could not be stored must not start with an admin API nobody can use
        adminToken = AdminToken.generate(new SecureRandom());
        adminToken.store(config.dataDirectory());
        HikariDataSource dataSource = openStore();
        PostgresMetricStore store = new PostgresMetricStore(dataSource, config.retention(), clock);
        store.migrate();
        audit = new PostgresAuditLog(dataSource, json).migrate();
        firingLog = new PostgresFiringLog(dataSource).migrate();
        tickets = new TicketActuator(new TicketDesk(dataSource, json, clock, registry).migrate(), new ConsoleTicketNotifier(events));
        householdStore = new HouseholdStore(dataSource, new SecureRandom(), clock).migrate();
        demoHouseholds = new DemoHouseholds(householdStore);
        demoKeys = demoHouseholds.ensure();

        // every node of the local fleet shares the one process's cores, and so one set of kernels
        Kernels cpu = KernelBackends.select(Runtime.getRuntime().availableProcessors(), events);
        track((AutoCloseable) () -> KernelBackends.close(cpu));
        kernels = new CudaBackend().kernels(cpu, events);
        List<String> nodeIds = new ArrayList<>();
        for (int i = 1; i <= config.nodes(); i++) {
            nodeIds.add("node-" + i);
        }
        holders.addAll(nodeIds);
        for (int i = 1; i <= config.standbys(); i++) {
            standbyIds.add("standby-" + i);
        }
        pipeline = config.stages() == 1 ? null : track(LocalPipeline.start(model, config.seed(), kernels,
                MODEL_CONTEXT, config.stages(), nodeIds, registry));
        Generator whole = pipeline != null ? null : new Generator(MODEL_NAME, DecoderModel.generated(model,
                config.seed(), kernels, MODEL_CONTEXT), new ByteTokenizer(), kernels);
        OpenTelemetry otel = tracing();
        tracing = otel;
        Map<String, URI> routes = new LinkedHashMap<>();
        for (int i = 1; i <= config.nodes(); i++) {
            String id = "node-" + i;
            PrometheusMeterRegistry nodeRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // split: each node runs layer 0 and schedules over the shard servers; whole: one model for all
            Generator generator = pipeline == null ? whole
                    : new Generator(MODEL_NAME, pipeline.modelFor(id, nodeRegistry, otel), new ByteTokenizer(), kernels);
            if (i == 1) {
                warmUp(generator); // the JIT is the process's: warming one node's path warms them all
                if (pipeline != null) {
                    pipeline.describe().forEach(line -> events.accept("pipeline " + line));
                }
            }
            InferenceNode node = startNode(id, generator, nodeRegistry, otel);
            routes.put(id, node.baseUri());
            startHardware(id, i);
        }
        // standbys have their hardware, watched like any node's, and no model until one is promoted
        for (int i = 0; i < standbyIds.size(); i++) {
            startHardware(standbyIds.get(i), config.nodes() + i + 1);
        }
        if (!standbyIds.isEmpty()) {
            // the fleet's answer to the canary, which a promoted standby must give too
            try {
                canaryAnswer = canary().ask(nodeIds.get(0), nodes.get(nodeIds.get(0)).baseUri());
            } catch (dev.hearth.remediation.ActuationException e) {
                throw new IllegalStateException("the fleet could not answer its own canary at start: " + e.getMessage(),
                        e);
            }
        }
        routeTable = new RouteTable(routes);
        gateway = track(new Gateway(routeTable, http,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Duration.ofSeconds(30), householdStore, clock)
                .start(config.gatewayPort(), 0));
        if (pipeline != null) {
            // the control plane owns the placement: roll it out to the shard servers, the nodes and the gateway
            PlacementRollout.Report rollout = pipeline.rollOut(null, routeTable, routes);
            if (!rollout.switched() || !rollout.failures().isEmpty()) {
                throw new IllegalStateException("the pipeline's placement did not roll out: " + rollout.failures());
            }
            events.accept("placement version " + rollout.version() + " rolled out to " + rollout.committed().size()
                    + " nodes");
        }

        scrapeTimeout = Duration.ofMillis(Math.max(500, config.interval().toMillis() * 3 / 4));
        List<Source> sources = new ArrayList<>();
        parser = new PrometheusTextParser();
        for (String id : nodeIds) {
            sources.add(new PrometheusScrapeSource(id, nodes.get(id).baseUri().resolve("/metrics"), http,
                    scrapeTimeout, parser));
        }
        for (String id : bmcs.keySet()) {
            sources.add(new RedfishSource(id, bmcs.get(id).serviceRoot(), http, json, scrapeTimeout));
            sources.add(new NvidiaSmiSource(id, gpus.get(id), scrapeTimeout));
            sources.add(new XidLogSource(id, List.of("dmesg"), gpus.get(id), scrapeTimeout));
        }
        // the gateway's request counters and latency histograms are what the fleet's SLOs are measured on
        sources.add(new PrometheusScrapeSource(GATEWAY, gateway.adminUri().resolve("/metrics"), http, scrapeTimeout,
                parser));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, sources.size()), r -> {
            Thread t = new Thread(r, "collector");
            t.setDaemon(true);
            return t;
        });
        track(pool::shutdownNow);
        latest = new LatestReadings(store);
        // a local fleet is one building on one spine, each node in a household of its own
        Map<String, Topology> topology = new LinkedHashMap<>();
        nodeIds.forEach(id -> topology.put(id, new Topology("household-" + id.substring("node-".length()),
                "building-1", "spine-1")));
        standbyIds.forEach(id -> topology.put(id, new Topology("household-s" + id.substring("standby-".length()),
                "building-1", "spine-1")));
        topology.put(GATEWAY, new Topology("control-plane", "building-1", "spine-1"));
        this.topology = Map.copyOf(topology);
        // tracked after the pool and before the loop: the loop stops first, then pending batches are spilled
        BatchBuffer buffer = track(new BatchBuffer(latest, BufferConfig.withSpill(MAX_PENDING_SAMPLES,
                config.dataDirectory().resolve("spill")), registry, clock));
        collector = new Collector(sources, new TopologyLabels(topology), buffer, registry, pool);
        ruleEngine = new RuleEngine(setup.rules(), registry);
        setup.rulesDirectory().ifPresent(dir -> {
            ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rule-reload");
                t.setDaemon(true);
                return t;
            });
            track(reloads::shutdownNow);
            reloader = track(new RuleReloader(dir, ruleEngine, new RuleCompiler(), registry, clock)
                    .start(reloads, RULE_RELOAD_EVERY));
            events.accept("rules from " + dir + ", reloaded when they change (checked every "
                    + RULE_RELOAD_EVERY.toSeconds() + " s)");
        });
        queries = new MetricQueries(dataSource);
        StoreMetricHistory history = new StoreMetricHistory(queries, true);
        dev.hearth.rules.fleet.FleetFacts fleetFacts = new dev.hearth.rules.fleet.FleetFacts(history,
                this::fleetSnapshot, FleetFactsConfig.defaults());
        // the readings come through the same query API as the fleet facts; none is newer than now
        RuleCycle rules = new RuleCycle(ruleEngine, new LiveFacts(fleetFacts, new RecentReadings(
                (from, metrics) -> history.samples(metrics, from, clock.instant()), RULE_LOOKBACK, RULE_METRICS)));
        ExecutorService backendCalls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "remediation-backend");
            t.setDaemon(true);
            return t;
        });
        track(backendCalls::shutdownNow);
        planner = new Planner(config.holdDown());
        remediator = new Remediator(nodeIds, standbyIds, clock.instant(), planner,
                new Guard(config.guard()), new ActionExecutor(backends(), setup.retry(), Sleeper.real(), backendCalls),
                setup.modes(), new PostgresPendingActions(dataSource, json), audit, registry);
        // the whole model is the local fleet's one shard: its replicas in service against the N + 2 it keeps
        Gauge.builder(MetricCatalogue.PLACEMENT_SHARD_REPLICAS.meterName(), this, f -> f.servingReplicas())
                .description(MetricCatalogue.PLACEMENT_SHARD_REPLICAS.help()).tag("shard", MODEL_NAME).register(registry);
        Gauge.builder(MetricCatalogue.PLACEMENT_SHARD_REPLICAS_NEEDED.meterName(), () -> MODEL_REPLICAS_NEEDED)
                .description(MetricCatalogue.PLACEMENT_SHARD_REPLICAS_NEEDED.help()).tag("shard", MODEL_NAME)
                .register(registry);
        // a restart keeps a tripped breaker tripped: the audit log says what the guard had seen
        try {
            GuardState.Breaker breaker = remediator.recover(clock.instant());
            if (breaker.tripped()) {
                events.accept("the isolation breaker is still tripped (since " + breaker.trippedAt() + ": "
                        + breaker.reason() + "); ./hearth breaker reset reopens it");
            }
        } catch (AuditUnavailableException e) {
            events.accept("could not read the audit log to recover the guard's state (" + e.getMessage()
                    + "); it starts with the breaker closed");
        }
        loop = track(new ControlLoop(collector, rules, firingLog, remediator, this::facts, store, clock,
                config.interval(), config.retention(), events, registry));
        loop.start();
        config.energyPrice().register(registry);
        readings = ReadingsExposition.of(queries, clock, config.interval());
        admin = track(new AdminApi(this, json, adminToken).start(config.adminPort()));
    }

    /**
     * Isolate and restore through the gateway's admin API; what this local fleet cannot do is declared
     * with the reason, so the audit says why instead of failing; the setup's backends come last.
     */
    private Backends backends() {
        GatewayAdmin gatewayAdmin = new GatewayAdmin(gateway.adminUri(), http, json);
        Backends b = Backends.of(new HttpFleetActuator(gatewayAdmin), ActionType.ISOLATE, ActionType.RESTORE,
                ActionType.REBALANCE);
        if (standbyIds.isEmpty()) {
            b = b.notApplicable(ActionType.PROMOTE_STANDBY, pipeline == null
                    ? "this local fleet keeps no standbys (./hearth up --standbys N): the other nodes, each running"
                    + " the whole model, carry an isolated node's share"
                    : "this local fleet keeps no standby shard servers: every stage has one replica per node,"
                    + " and the other replicas carry an isolated node's share");
        } else {
            b = b.with(ActionType.PROMOTE_STANDBY, new StandbyPromoter(new StandbyPromoter.Standbys() {
                @Override
                public URI load(String standby, String replaced) {
                    return loadStandby(standby);
                }

                @Override
                public void promoted(String standby, String replaced) {
                    holders.replaceAll(h -> h.equals(replaced) ? standby : h);
                    placementVersion++;
                }
            }, canary(), () -> canaryAnswer, gatewayAdmin, events));
        }
        b = b.notApplicable(ActionType.RESCHEDULE_SHARDS, pipeline == null
                        ? "every node of this local fleet runs the whole model: there are no shards to move"
                        : "this local fleet's pipeline has no spare shard server to move shards to; the other"
                        + " replicas of each stage keep serving")
                .with(ActionType.OPEN_REPAIR_TICKET, tickets)
                .with(ActionType.OPEN_REPLACEMENT_TICKET, tickets)
                // no GPU of the local fleet is attached to this machine: power states are recorded, simulated
                .with(ActionType.SET_POWER_STATE, new PowerStateActuator(new ProcessCommandRunner(),
                        new PowerPolicy(LOW_POWER_WATTS, HIGH_POWER_WATTS), Map.of(), new SimulatedPowerStates(),
                        Duration.ofSeconds(10)));
        for (Map.Entry<ActionType, dev.hearth.remediation.FleetActuator> e : setup.backends().entrySet()) {
            b = b.with(e.getKey(), e.getValue());
        }
        return b;
    }

    /** Holders of the whole model that are not isolated. */
    private long servingReplicas() {
        Map<String, NodeStatus> states = remediator.nodes();
        return holders.stream().filter(h -> states.get(h) != null && states.get(h).state() == NodeState.SERVING)
                .count();
    }

    /**
     * Each routable node's P99 over the last minute (from the store), GPU temperature and gateway
     * weight: what rebalancing weighs.
     */
    private Map<String, NodeLoad> load() {
        Instant now = clock.instant();
        Map<String, Double> p99 = new HashMap<>();
        for (GroupValue g : queries.histogramQuantile(0.99, SeriesSelector.metric(
                MetricCatalogue.NODE_REQUEST_DURATION.name() + "_bucket"), now, LOAD_WINDOW, Grouping.byNode())) {
            g.group().node().ifPresent(node -> p99.put(node, g.value()));
        }
        Map<String, NodeLoad> load = new LinkedHashMap<>();
        for (Route r : routeTable.all()) {
            if (r.routable()) {
                Double gpu = reading(r.node(), "GPU");
                load.put(r.node(), new NodeLoad(r.node(), p99.getOrDefault(r.node(), Double.NaN),
                        gpu == null ? Double.NaN : gpu, r.weight()));
            }
        }
        return load;
    }

    /**
     * Starts {@code id}'s serving process. A standby loads the whole model here, generated from the
     * fleet's seed as a real one reads its shards; a node back in the reserve still has its process.
     */
    private URI loadStandby(String id) {
        InferenceNode running = nodes.get(id);
        if (running != null) {
            return running.baseUri();
        }
        Generator generator = new Generator(MODEL_NAME, DecoderModel.generated(model, config.seed(), kernels,
                MODEL_CONTEXT), new ByteTokenizer(), kernels);
        InferenceNode node = startNode(id, generator, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                tracing);
        collector.add(new PrometheusScrapeSource(id, node.baseUri().resolve("/metrics"), http, scrapeTimeout, parser));
        return node.baseUri();
    }

    private InferenceNode startNode(String id, Generator generator, PrometheusMeterRegistry nodeRegistry,
                                    OpenTelemetry otel) {
        InferenceNode node = track(new InferenceNode(id, generator, nodeRegistry, new ObjectMapper(), clock,
                scheduling(generator), otel).start(0));
        nodes.put(id, node);
        weightBytes = generator.model().weightBytes();
        return node;
    }

    /** A node's simulated BMC and GPU; the BMC's heat follows the node's load once it serves. */
    private void startHardware(String id, int index) {
        ThermalModel thermal = new ThermalModel(clock.instant(), (index % 3 - 1) * 1.5);
        SimulatedBmc bmc = track(new SimulatedBmc(id, thermal, () -> {
            InferenceNode node = nodes.get(id);
            return node == null ? 0 : node.busy().utilisationSinceLastRead();
        }, clock).start(0));
        bmcs.put(id, bmc);
        gpus.put(id, new SimulatedGpu(id, bmc::readings, clock));
    }

    private Canary canary() {
        return new Canary(http, json, MODEL_NAME, Duration.ofSeconds(10));
    }

    /** What remediation reads each cycle besides node states: the placement and the error budget left. */
    private FleetFacts facts() {
        long ok = gateway.requests("ok");
        long failed = gateway.requests("failed") + gateway.requests("unavailable");
        Double budget = null;
        if (ok + failed >= MIN_REQUESTS_FOR_BUDGET) {
            double failedRatio = (double) failed / (ok + failed);
            budget = Math.max(0, 1 - failedRatio / (1 - SLO));
        }
        // with standbys, the whole model is one shard every holder has a replica of: what a promotion moves
        PlacementMap placement = pipeline != null ? pipeline.placement() : standbyIds.isEmpty() ? null
                : new PlacementMap(placementVersion, holders.size(), List.of(new ShardPlacement(
                Shard.stage(0, 0, model.numHiddenLayers(), weightBytes), List.copyOf(holders))));
        return new FleetFacts(placement, List.of(), budget, load());
    }

    /** The admin token this run made: every mutating admin call needs it. */
    public AdminToken adminToken() {
        return adminToken;
    }

    /**
     * The fleet as the rules see it: each node's routing state and topology, and the one shard of the
     * local fleet, the whole model, held by every node.
     */
    private FleetSnapshot fleetSnapshot(Instant at) {
        List<dev.hearth.rules.facts.NodeStatus> states = new ArrayList<>();
        for (NodeStatus s : remediator.nodes().values()) {
            Topology t = topology.get(s.node());
            states.add(new dev.hearth.rules.facts.NodeStatus(s.node(), s.state(), t.household(), t.building(),
                    t.spine()));
        }
        return new FleetSnapshot(states, List.of(new ShardAssignment(MODEL_NAME, List.copyOf(holders),
                MODEL_REPLICAS_NEEDED)));
    }

    private HikariDataSource openStore() {
        String url;
        if (config.databaseUrl().isPresent()) {
            url = config.databaseUrl().get();
            storeDescription = "PostgreSQL at " + DataSources.redact(url);
        } else {
            EmbeddedPostgresServer embedded = track(EmbeddedPostgresServer.start(
                    config.dataDirectory().resolve("pgdata")));
            url = embedded.jdbcUrl();
            storeDescription = "embedded PostgreSQL on 127.0.0.1:" + embedded.port() + ", data in "
                    + embedded.dataDirectory();
        }
        return track(DataSources.pooled(url));
    }

    /**
     * Spans go to the OTLP/HTTP collector named by the standard {@code OTEL_EXPORTER_OTLP_ENDPOINT}
     * variable when it is set; otherwise they only carry {@code traceparent} through.
     */
    private OpenTelemetry tracing() {
        String endpoint = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            return Tracing.propagateOnly();
        }
        OpenTelemetrySdk sdk = Tracing.otlp(URI.create(endpoint.trim()), "hearth-node");
        track(sdk);
        events.accept("tracing: spans exported to " + endpoint.trim());
        return sdk;
    }

    /**
     * Each node schedules as if it were one RTX 2080 Ti: a KV budget of what 11 GB leaves beside the
     * weights (cache in 16-bit floats, 16 tokens a block), batches of up to 8, 64 waiting, sliced
     * among households as the fleet is configured.
     */
    private SchedulerConfig scheduling(Generator generator) {
        ModelConfig c = generator.model().config();
        long bytesPerToken = 2L * c.kvFloatsPerTokenPerLayer() * c.numHiddenLayers();
        int blocks = SchedulerConfig.kvBlocksForCard(CARD_BYTES, generator.model().weightBytes(), bytesPerToken,
                KV_BLOCK_TOKENS);
        return new SchedulerConfig(8, 64, 64, KV_BLOCK_TOKENS, blocks, config.slicing());
    }

    /**
     * Runs a few generations before the nodes take traffic: until the JIT has compiled the Vector
     * API kernels they run many times slower, and the first requests would pay for it.
     */
    private void warmUp(Generator generator) {
        long start = System.nanoTime();
        for (int i = 0; i < WARM_UP_GENERATIONS; i++) {
            generator.generate("warm-up " + i, 64, new SamplingParams(0.8, 0.95, i));
        }
        // batched steps take other kernel paths (GEMM tiles) than single sequences: warm those too
        LanguageModel model = generator.model();
        for (int batch : new int[] {2, 4, 8}) {
            List<Sequence> sequences = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                Sequence s = model.newSequence(96);
                model.prefill(s, generator.tokenize("warm-up batch " + b));
                sequences.add(s);
            }
            for (int step = 0; step < 48; step++) {
                List<BatchEntry> entries = new ArrayList<>();
                for (int b = 0; b < batch; b++) {
                    entries.add(new BatchEntry(sequences.get(b), new int[] {'a' + (step + b) % 26}));
                }
                model.step(entries);
            }
            sequences.forEach(model::release); // a split model holds them on other nodes too
        }
        events.accept(String.format("engine warmed up in %.1f s", (System.nanoTime() - start) / 1e9));
    }

    private <T extends AutoCloseable> T track(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public Optional<PlacementMap> placement() {
        return pipeline == null ? Optional.empty() : Optional.of(pipeline.placement());
    }

    public URI gatewayUri() {
        return gateway.publicUri();
    }

    public URI gatewayAdminUri() {
        return gateway.adminUri();
    }

    public URI adminUri() {
        return admin.uri();
    }

    public String storeDescription() {
        return storeDescription;
    }

    public Map<String, URI> nodeUris() {
        Map<String, URI> m = new LinkedHashMap<>();
        synchronized (nodes) {
            nodes.forEach((id, n) -> m.put(id, n.baseUri()));
        }
        return m;
    }

    /** Each inference node's household, building and spine: the topology labels its readings carry. */
    public Map<String, Topology> nodeTopology() {
        Map<String, Topology> m = new LinkedHashMap<>();
        nodes.keySet().forEach(id -> m.put(id, topology.get(id)));
        return m;
    }

    public Map<String, URI> bmcUris() {
        Map<String, URI> m = new LinkedHashMap<>();
        bmcs.forEach((id, b) -> m.put(id, b.serviceRoot()));
        return m;
    }

    /** The model every node serves. */
    public ModelConfig model() {
        return model;
    }

    public String modelName() {
        return MODEL_NAME;
    }

    /** The demo households with the keys this run gave them: what ./hearth load and the tests send. */
    public List<IssuedKey> demoKeys() {
        return demoKeys;
    }

    @Override
    public List<HouseholdView> households() {
        return householdStore.list().stream()
                .map(h -> HouseholdView.of(h, demoHouseholds.keyOf(h.household().id()).orElse(null)))
                .toList();
    }

    @Override
    public HouseholdView addHousehold(String name, HouseholdQuota quota) {
        return HouseholdView.issued(householdStore.create(name, quota));
    }

    @Override
    public FleetStatus status() {
        Instant now = clock.instant();
        List<NodeView> views = new ArrayList<>();
        for (NodeStatus s : remediator.nodes().values()) {
            boolean isolated = s.state() == NodeState.ISOLATED;
            views.add(new NodeView(s.node(), s.state().name().toLowerCase(java.util.Locale.ROOT), s.since(),
                    s.cause() == null ? null : s.cause().summary(),
                    s.cause() == null ? null : s.cause().rule(),
                    s.cause() == null ? null : s.cause().since(),
                    reading(s.node(), "GPU"), reading(s.node(), "Intake"),
                    isolated && s.healthySince() != null ? Duration.between(s.healthySince(), now).toSeconds() : null,
                    planner.holdDownOf(s).toSeconds(),
                    faults.containsKey(s.node()) ? faults.get(s.node()).cliName() : null));
        }
        TickResult last = loop.last();
        Counter stored = registry.find(MetricCatalogue.COLLECTOR_SAMPLES_STORED.meterName()).counter();
        return new FleetStatus(now, gateway.publicUri() + "/v1", views, gateway.requests("ok"),
                gateway.requests("failed") + gateway.requests("unavailable"), gateway.requests("client_error"),
                stored == null ? 0 : (long) stored.count(), last == null ? 0 : last.findings().size(),
                last == null ? null : last.at(), storeDescription);
    }

    private Double reading(String node, String physicalContext) {
        return latest.latest(node, MetricCatalogue.BMC_TEMPERATURE.name(), "physical_context", physicalContext)
                .map(Sample::value).orElse(null);
    }

    @Override
    public FaultInjected inject(String node, String fault) {
        SimulatedBmc bmc = bmcs.get(node);
        if (bmc == null) {
            throw new UnknownNodeException(node, bmcs.keySet());
        }
        Fault f = Fault.parse(fault);
        bmc.inject(f);
        gpus.get(node).inject(f);
        if (f == Fault.CLEAR) {
            faults.remove(node);
        } else {
            faults.put(node, f);
        }
        return new FaultInjected(node, f.cliName(), clock.instant());
    }

    @Override
    public List<AuditEntry> audit(int limit) {
        return audit.recent(limit);
    }

    @Override
    public List<PendingAction> pendingActions() {
        return remediator.pending(clock.instant());
    }

    @Override
    public AuditEntry approve(String id) {
        AuditEntry e = remediator.approve(id, clock.instant());
        events.accept("approved " + id + ": " + e.action().name().toLowerCase(java.util.Locale.ROOT) + " " + e.node()
                + " " + e.outcome().name().toLowerCase(java.util.Locale.ROOT) + " — " + e.reason());
        return e;
    }

    @Override
    public AuditEntry reject(String id) {
        AuditEntry e = remediator.reject(id, clock.instant());
        events.accept("rejected " + id + ": " + e.action().name().toLowerCase(java.util.Locale.ROOT) + " " + e.node());
        return e;
    }

    @Override
    public GuardState.Breaker breaker() {
        return remediator.breaker();
    }

    @Override
    public AuditEntry resetBreaker() {
        AuditEntry e = remediator.resetBreaker(clock.instant());
        events.accept(e.reason());
        return e;
    }

    @Override
    public RulesView rules() {
        if (reloader == null) {
            return RulesView.of(setup.rulesDirectory().isPresent() ? "rules from " + setup.rulesDirectory().get()
                    : "built-in rules (rules-engine/src/main/resources/rules)", ruleEngine.rules(), null);
        }
        return RulesView.of("rules from " + setup.rulesDirectory().orElseThrow() + " (reloaded on change)",
                ruleEngine.rules(), reloader.last().orElse(null));
    }

    @Override
    public List<Firing> firings(int limit, Optional<String> rule) {
        return firingLog.recent(limit, rule);
    }

    @Override
    public String metrics() {
        return registry.scrape();
    }

    @Override
    public String readings() {
        return readings.render();
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                events.accept("while stopping: " + e.getMessage());
            }
        }
    }
}

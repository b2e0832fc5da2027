package dev.hearth.node.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.http.HttpServers;
import dev.hearth.node.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import dev.hearth.node.serving.BatchScheduler;
import dev.hearth.node.serving.GenerationJob;
import dev.hearth.node.serving.QueueFullException;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.serving.SchedulerStats;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One inference node: serves completions from its model over an OpenAI-compatible API and exposes
 * its metrics on {@code /metrics}.
 */
public final class InferenceNode implements AutoCloseable {
    /** Buckets of the latency histograms; 0.6 s is the latency SLO. */
    public static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(600),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** Headers the gateway sets: the authenticated household and its fair-queueing weight. */
    public static final String HOUSEHOLD_HEADER = "X-Hearth-Household";
    public static final String WEIGHT_HEADER = "X-Hearth-Household-Weight";
    public static final String KV_BLOCKS_HEADER = "X-Hearth-Household-Kv-Blocks";
    /** Javalin's default request limit, named here so the error can say it. */
    static final long MAX_BODY_BYTES = 1_000_000;

    private final String nodeId;
    private final Generator generator;
    private final PrometheusMeterRegistry registry;
    private final ObjectMapper json;
    private final Clock clock;
    private final BatchScheduler scheduler;
    private final ServingMeters meters;
    private final OpenTelemetry otel;
    private final BusyMeter busy;
    private final AtomicLong seeds = new AtomicLong(System.nanoTime());
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Timer duration;
    private final Counter promptTokens;
    private final Counter generatedTokens;
    private Javalin server;

    /**
     * @param scheduling batch size, queue length (beyond it: 429), prefill chunk and KV budget of the
     *                   node's continuous-batching scheduler
     */
    public InferenceNode(String nodeId, Generator generator, PrometheusMeterRegistry registry, ObjectMapper json,
                         Clock clock, SchedulerConfig scheduling) {
        this(nodeId, generator, registry, json, clock, scheduling, Tracing.propagateOnly());
    }

    /** @param otel where the node's spans go ({@link Tracing}) */
    public InferenceNode(String nodeId, Generator generator, PrometheusMeterRegistry registry, ObjectMapper json,
                         Clock clock, SchedulerConfig scheduling, OpenTelemetry otel) {
        this.otel = otel;
        this.nodeId = nodeId;
        this.generator = generator;
        this.registry = registry;
        this.json = json;
        this.clock = clock;
        this.scheduler = new BatchScheduler(generator.model(), generator.kernels(), scheduling, generator.endTokens());
        this.meters = new ServingMeters(nodeId, registry, scheduler, generator.model().routing(),
                generator.model().config().numHiddenLayers());
        this.busy = new BusyMeter(System::nanoTime);
        this.duration = Timer.builder(MetricCatalogue.NODE_REQUEST_DURATION.meterName())
                .description(MetricCatalogue.NODE_REQUEST_DURATION.help())
                .tag("node", nodeId)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        this.promptTokens = Counter.builder(MetricCatalogue.NODE_PROMPT_TOKENS.meterName())
                .description(MetricCatalogue.NODE_PROMPT_TOKENS.help()).tag("node", nodeId).register(registry);
        this.generatedTokens = Counter.builder(MetricCatalogue.NODE_GENERATED_TOKENS.meterName())
                .description(MetricCatalogue.NODE_GENERATED_TOKENS.help()).tag("node", nodeId).register(registry);
        Gauge.builder(MetricCatalogue.NODE_INFLIGHT.meterName(), busy, BusyMeter::active)
                .description(MetricCatalogue.NODE_INFLIGHT.help()).tag("node", nodeId).register(registry);
        for (String outcome : List.of("ok", "invalid", "overloaded", "error", "cancelled")) {
            outcome(outcome);
        }
    }

    /** Starts listening on 127.0.0.1:{@code port} (0 for any free port). */
    public InferenceNode start(int port) {
        server = HttpServers.startLoopback(nodeId, port, routes -> {
            routes.post("/v1/completions", this::complete);
            routes.post("/v1/chat/completions", this::chat);
            routes.get("/v1/models", this::models);
            routes.get("/health", ctx -> ctx.json(Map.of("status", "ok", "node", nodeId)));
            routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        });
        return this;
    }

    public URI baseUri() {
        return URI.create("http://" + HttpServers.LOOPBACK + ":" + server.port());
    }

    public BusyMeter busy() {
        return busy;
    }

    private void complete(Context ctx) throws Exception {
        handle(ctx, false);
    }

    private void chat(Context ctx) throws Exception {
        handle(ctx, true);
    }

    /** One completion, plain or chat, answered whole or streamed as server-sent events, traced. */
    private void handle(Context ctx, boolean chat) throws Exception {
        RequestTrace trace = new RequestTrace(otel, ctx, chat ? "/v1/chat/completions" : "/v1/completions", nodeId);
        String outcome = "error";
        GenerationStream stream = null;
        try {
            String household = householdOf(ctx);
            try {
                stream = generate(ctx, chat, household, trace.traceparent());
            } catch (ApiException e) {
                outcome = e.status() == 429 ? "overloaded" : "invalid";
                outcome(outcome).increment();
                meters.householdRequests(household, outcome).increment();
                throw e;
            }
            outcome = respond(ctx, chat, household, stream);
        } finally {
            GenerationStream s = stream;
            trace.end(outcome, s == null ? 0 : s.admittedAt(), s == null ? 0 : s.firstTokenAt(), s == null ? 0 : s.endedAt(),
                    s == null ? 0 : s.promptTokens(), s == null ? 0 : s.completionTokens());
        }
    }

    /** Parses, checks and queues the request; the stream its tokens will arrive on. */
    private GenerationStream generate(Context ctx, boolean chat, String household, String traceparent) {
        JsonNode body = readJson(ctx);
        CompletionRequest request = chat ? CompletionRequest.parseChat(body, seeds.incrementAndGet())
                : CompletionRequest.parse(body, seeds.incrementAndGet());
        checkModel(request.model());
        int[] prompt = generator.tokenize(request.prompt());
        GenerationStream stream = new GenerationStream(new StopMatcher(generator.tokenizer(), request.stop()), meters,
                request);
        meters.household(household);
        try {
            stream.ticket(scheduler.submit(new GenerationJob(household, weightOf(ctx), prompt, request.maxTokens(),
                    request.sampling(), kvQuotaOf(ctx), traceparent), stream));
        } catch (QueueFullException e) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            throw new ApiException(429, "requests", null, "rate_limit_exceeded",
                    "node " + nodeId + " is at capacity: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_request_error", "max_tokens", "context_length_exceeded", e.getMessage());
        }
        return stream;
    }

    /** Answers a queued generation; returns the outcome. */
    private String respond(Context ctx, boolean chat, String household, GenerationStream stream) throws Exception {
        long start = System.nanoTime();
        CompletionRequest request = stream.request();
        ResponseWriter writer = new ResponseWriter(json, chat, (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID(),
                clock.instant().getEpochSecond(), generator.modelName());
        ctx.header("X-Hearth-Node", nodeId);
        busy.begin();
        String result;
        try {
            result = request.stream() ? writer.stream(ctx, stream, stream.ticket(), request.includeUsage())
                    : writer.whole(ctx, stream, stream.ticket());
        } catch (ApiException e) {
            outcome("error").increment();
            meters.householdRequests(household, "error").increment();
            throw e;
        } finally {
            busy.end();
        }
        outcome(result).increment();
        meters.householdRequests(household, result).increment();
        GenerationStream.End usage = writer.usage();
        if (usage != null) {
            promptTokens.increment(usage.promptTokens());
            generatedTokens.increment(usage.completionTokens());
            meters.householdTokens(household, "in").increment(usage.promptTokens());
            meters.householdTokens(household, "out").increment(usage.completionTokens());
        }
        if ("ok".equals(result)) {
            duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        return result;
    }

    private void models(Context ctx) {
        ctx.json(Map.of("object", "list", "data", List.of(Map.of(
                "id", generator.modelName(), "object", "model", "created", 0, "owned_by", "hearth"))));
    }

    private void checkModel(String model) {
        if (model != null && !model.equals(generator.modelName())) {
            throw new ApiException(404, "invalid_request_error", "model", "model_not_found",
                    "model '" + model + "' is not served here; this node serves '" + generator.modelName() + "'");
        }
    }

    private JsonNode readJson(Context ctx) {
        byte[] body;
        try {
            body = ctx.bodyAsBytes();
        } catch (io.javalin.http.HttpResponseException e) {
            if (e.getStatus() == 413) {
                throw new ApiException(413, "invalid_request_error", null, "request_too_large",
                        "the request body is larger than " + MAX_BODY_BYTES / 1_000_000 + " MB; send a shorter prompt");
            }
            throw e;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(null, "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.invalid(null, "the request body could not be read: " + e.getMessage());
        }
    }

    private Counter outcome(String outcome) {
        return outcomes.computeIfAbsent(outcome, o -> Counter.builder(MetricCatalogue.NODE_REQUESTS.meterName())
                .description(MetricCatalogue.NODE_REQUESTS.help())
                .tag("node", nodeId).tag("outcome", o).register(registry));
    }

    /** The household a request comes from, as the gateway stamped it; requests straight to a node share one. */
    private static String householdOf(Context ctx) {
        String h = ctx.header(HOUSEHOLD_HEADER);
        return h == null || h.isBlank() ? "direct" : h;
    }

    private static int kvQuotaOf(Context ctx) {
        String q = ctx.header(KV_BLOCKS_HEADER);
        try {
            int blocks = q == null ? 0 : Integer.parseInt(q.trim());
            return Math.max(0, blocks);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double weightOf(Context ctx) {
        String w = ctx.header(WEIGHT_HEADER);
        try {
            double weight = w == null ? 1.0 : Double.parseDouble(w);
            return weight > 0 && weight <= 100 ? weight : 1.0;
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }

    public SchedulerStats schedulerStats() {
        return scheduler.stats();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        scheduler.close();
    }
}

package dev.hearth.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.hearth.model.MetricType.COUNTER;
import static dev.hearth.model.MetricType.GAUGE;
import static dev.hearth.model.MetricType.HISTOGRAM;

/**
 * The one list of every metric name Hearth exposes on a {@code /metrics} endpoint or writes to the
 * store. Code registers meters through these specs; dashboards, alerts and rules are tested against
 * this list, so a renamed metric breaks a test rather than a panel.
 */
public final class MetricCatalogue {
    // --- inference node -------------------------------------------------------------------------
    public static final MetricSpec NODE_REQUESTS = new MetricSpec("hearth_node_requests_total", COUNTER,
            List.of("node", "outcome"), "Completion requests handled by the node, by outcome");
    public static final MetricSpec NODE_REQUEST_DURATION = new MetricSpec("hearth_node_request_duration_seconds",
            HISTOGRAM, List.of("node"), "Time the node took to serve one completion");
    public static final MetricSpec NODE_PROMPT_TOKENS = new MetricSpec("hearth_node_prompt_tokens_total", COUNTER,
            List.of("node"), "Prompt tokens prefilled");
    public static final MetricSpec NODE_GENERATED_TOKENS = new MetricSpec("hearth_node_generated_tokens_total",
            COUNTER, List.of("node"), "Tokens generated");
    public static final MetricSpec NODE_INFLIGHT = new MetricSpec("hearth_node_inflight_requests", GAUGE,
            List.of("node"), "Requests being served right now");
    public static final MetricSpec NODE_TIME_TO_FIRST_TOKEN = new MetricSpec("hearth_node_time_to_first_token_seconds",
            HISTOGRAM, List.of("node"), "Time from a request's arrival to its first generated token");
    public static final MetricSpec NODE_INTER_TOKEN_LATENCY = new MetricSpec("hearth_node_inter_token_latency_seconds",
            HISTOGRAM, List.of("node"), "Time between consecutive generated tokens of one request");
    public static final MetricSpec NODE_QUEUE_TIME = new MetricSpec("hearth_node_queue_time_seconds", HISTOGRAM,
            List.of("node"), "Time a request waited before joining the running batch");
    public static final MetricSpec NODE_RUNNING_REQUESTS = new MetricSpec("hearth_node_running_requests", GAUGE,
            List.of("node"), "Requests in the running batch");
    public static final MetricSpec NODE_WAITING_REQUESTS = new MetricSpec("hearth_node_waiting_requests", GAUGE,
            List.of("node"), "Requests queued for the batch");
    public static final MetricSpec NODE_KV_USAGE = new MetricSpec("hearth_node_kv_usage_ratio", GAUGE,
            List.of("node"), "Share of the node's KV-cache block budget held by running requests");
    public static final MetricSpec NODE_BATCH_SIZE = new MetricSpec("hearth_node_batch_size", GAUGE,
            List.of("node"), "Sequences in the last batched step");
    public static final MetricSpec EXPERT_TOKENS = new MetricSpec("hearth_node_expert_tokens_total", COUNTER,
            List.of("node", "layer", "expert"), "Tokens routed to each expert of each MoE layer");
    public static final MetricSpec HOUSEHOLD_REQUESTS = new MetricSpec("hearth_household_requests_total", COUNTER,
            List.of("node", "household", "outcome"), "Completion requests by household and outcome");
    public static final MetricSpec HOUSEHOLD_TOKENS = new MetricSpec("hearth_household_tokens_total", COUNTER,
            List.of("node", "household", "direction"), "Tokens by household: prompt tokens in, generated tokens out");

    public static final MetricSpec HOUSEHOLD_KV_BLOCKS = new MetricSpec("hearth_household_kv_blocks", GAUGE,
            List.of("node", "household"), "KV-cache blocks held by the household's running requests");
    public static final MetricSpec HOUSEHOLD_BATCH_SLOTS = new MetricSpec("hearth_household_batch_slots_total",
            COUNTER, List.of("node", "household"), "Sequence slots the household's requests took in batched steps:"
            + " its rate over the node's total is the household's time-slice share");
    public static final MetricSpec HOUSEHOLD_ENGINE_SECONDS = new MetricSpec("hearth_household_engine_seconds_total",
            COUNTER, List.of("node", "household"), "Engine time the household's requests took: each batched step's"
            + " duration split among the households in it by their tokens; its rate over the node's total is the"
            + " household's share of the engine");
    public static final MetricSpec HOUSEHOLD_HELD_SECONDS = new MetricSpec("hearth_household_held_seconds_total",
            COUNTER, List.of("node", "household"), "Time the household had requests running but sat out steps"
            + " because it had used up its share of the engine (equal-share slicing; stays 0 under best-effort)");
    public static final MetricSpec NODE_FLOPS = new MetricSpec("hearth_node_flops_total", COUNTER, List.of("node"),
            "Floating-point operations the node's model executed for prefill and decode (two per multiply-add)");

    // --- activation frames between nodes (pipeline and expert parallel) -------------------------
    public static final MetricSpec HOP_DURATION = new MetricSpec("hearth_hop_duration_seconds", HISTOGRAM,
            List.of("node", "peer", "phase"), "One round trip to a peer's stage or experts, by phase: send (encode and"
            + " write), compute (the peer's own work, as it reports it), receive (the rest: transit, the peer's"
            + " decode and encode, our decode)");
    public static final MetricSpec HOP_BYTES = new MetricSpec("hearth_hop_bytes_total", COUNTER,
            List.of("node", "peer", "codec", "direction"), "Frame bytes on the wire to and from each peer, by the"
            + " payload codec each frame used");
    public static final MetricSpec WIRE_RAW_BYTES = new MetricSpec("hearth_wire_raw_bytes_total", COUNTER,
            List.of("node", "codec", "direction"),
            "Activation payload bytes before the payload codec (sent) or after it (received)");
    public static final MetricSpec WIRE_ENCODED_BYTES = new MetricSpec("hearth_wire_encoded_bytes_total", COUNTER,
            List.of("node", "codec", "direction"), "Activation payload bytes as the payload codec put them on the wire");
    public static final MetricSpec WIRE_FRAMES = new MetricSpec("hearth_wire_frames_total", COUNTER,
            List.of("node", "codec", "direction"), "Activation frames encoded (sent) or decoded (received)");
    public static final MetricSpec WIRE_REJECTED_FRAMES = new MetricSpec("hearth_wire_rejected_frames_total", COUNTER,
            List.of("node", "reason"), "Received activation frames refused as malformed, by reason");

    // --- gateway --------------------------------------------------------------------------------
    public static final MetricSpec GATEWAY_REQUESTS = new MetricSpec("hearth_gateway_requests_total", COUNTER,
            List.of("outcome"), "Completion requests answered by the gateway, by outcome");
    public static final MetricSpec GATEWAY_REQUEST_DURATION = new MetricSpec(
            "hearth_gateway_request_duration_seconds", HISTOGRAM, List.of(),
            "End-to-end latency of completion requests seen by the gateway");
    public static final MetricSpec GATEWAY_RETRIES = new MetricSpec("hearth_gateway_retries_total", COUNTER,
            List.of("node"), "Requests the gateway re-sent to another node after this node failed");
    public static final MetricSpec GATEWAY_ROUTABLE_NODES = new MetricSpec("hearth_gateway_routable_nodes", GAUGE,
            List.of(), "Nodes the gateway currently routes to");

    public static final MetricSpec GATEWAY_QUOTA_REJECTIONS = new MetricSpec("hearth_gateway_quota_rejections_total",
            COUNTER, List.of("household", "quota"), "Requests the gateway refused with 429 because the household was"
            + " over a quota (concurrency or tokens_per_minute)");
    public static final MetricSpec ENERGY_PRICE = new MetricSpec("hearth_energy_price_per_kwh", GAUGE,
            List.of("currency"), "Configured electricity price per kilowatt-hour, for cost panels");

    // --- collected from BMCs --------------------------------------------------------------------
    public static final MetricSpec BMC_TEMPERATURE = new MetricSpec("hearth_bmc_temperature_celsius", GAUGE,
            List.of("node", "sensor", "physical_context"), "Temperature sensor read from the BMC (Redfish Thermal)");
    public static final MetricSpec BMC_FAN_SPEED = new MetricSpec("hearth_bmc_fan_speed_rpm", GAUGE,
            List.of("node", "fan"), "Fan speed read from the BMC (Redfish Thermal)");
    public static final MetricSpec BMC_POWER = new MetricSpec("hearth_bmc_power_consumed_watts", GAUGE,
            List.of("node", "control"), "Power drawn, read from the BMC (Redfish Power)");
    public static final MetricSpec BMC_FAN_SPEED_RATIO = new MetricSpec("hearth_bmc_fan_speed_ratio", GAUGE,
            List.of("node", "fan"), "Fan speed as a share of its full speed, read from the BMC (0..1)");
    public static final MetricSpec BMC_POWER_SUPPLY_INPUT = new MetricSpec("hearth_bmc_power_supply_input_watts",
            GAUGE, List.of("node", "power_supply"), "Input power of one power supply, read from the BMC");
    public static final MetricSpec BMC_POWER_SUPPLY_OUTPUT = new MetricSpec("hearth_bmc_power_supply_output_watts",
            GAUGE, List.of("node", "power_supply"), "Output power of one power supply, read from the BMC");
    public static final MetricSpec BMC_HEALTH = new MetricSpec("hearth_bmc_health", GAUGE,
            List.of("node", "resource", "name", "component", "health", "state"),
            "1 for the Redfish Status (Health, State) each BMC resource reports");
    public static final MetricSpec BMC_SENSOR_POWER = new MetricSpec("hearth_bmc_power_watts", GAUGE,
            List.of("node", "sensor", "sensor_id"), "One power sensor read over IPMI (a supply, a meter): not summed");
    public static final MetricSpec BMC_VOLTAGE = new MetricSpec("hearth_bmc_voltage_volts", GAUGE,
            List.of("node", "sensor", "sensor_id"), "Voltage sensor read over IPMI");
    public static final MetricSpec BMC_CURRENT = new MetricSpec("hearth_bmc_current_amperes", GAUGE,
            List.of("node", "sensor", "sensor_id"), "Current sensor read over IPMI");
    public static final MetricSpec BMC_SENSOR_STATE = new MetricSpec("hearth_bmc_sensor_state", GAUGE,
            List.of("node", "sensor", "sensor_id", "type", "state"), "1 for the state each IPMI sensor reports");
    public static final MetricSpec BMC_POWER_STATISTIC = new MetricSpec("hearth_bmc_power_statistic_watts", GAUGE,
            List.of("node", "control", "statistic", "window_seconds"),
            "DCMI power statistics over a window: current, minimum, maximum, average");
    public static final MetricSpec GPU_DEVICES = new MetricSpec("hearth_gpu_devices", GAUGE, List.of("node"),
            "GPUs the node's driver reports (0: no GPU)");
    public static final MetricSpec GPU_TEMPERATURE = gpu("hearth_gpu_temperature_celsius", "GPU core temperature");
    public static final MetricSpec GPU_MEMORY_TEMPERATURE = gpu("hearth_gpu_memory_temperature_celsius",
            "GPU memory temperature");
    public static final MetricSpec GPU_POWER = gpu("hearth_gpu_power_watts", "GPU power draw");
    public static final MetricSpec GPU_POWER_LIMIT = gpu("hearth_gpu_power_limit_watts", "GPU power limit in force");
    public static final MetricSpec GPU_CLOCK = gpu("hearth_gpu_clock_hertz", "GPU clock, by clock domain", "clock");
    public static final MetricSpec GPU_UTILIZATION = gpu("hearth_gpu_utilization_ratio", "GPU busy share, by engine",
            "engine");
    public static final MetricSpec GPU_MEMORY_USED = gpu("hearth_gpu_memory_used_bytes", "GPU memory in use");
    public static final MetricSpec GPU_MEMORY_TOTAL = gpu("hearth_gpu_memory_total_bytes", "GPU memory in all");
    public static final MetricSpec GPU_FAN = gpu("hearth_gpu_fan_ratio", "GPU fan speed as a share of full speed");
    public static final MetricSpec GPU_THROTTLE = gpu("hearth_gpu_throttle_active",
            "1 for each clock throttle reason in force", "reason");
    public static final MetricSpec GPU_ECC_ERRORS = new MetricSpec("hearth_gpu_ecc_errors_total", COUNTER,
            List.of("node", "gpu", "uuid", "model", "scope", "type", "location"), "ECC errors the GPU counted");
    public static final MetricSpec GPU_RETIRED_PAGES = gpu("hearth_gpu_retired_pages", "Memory pages retired, by cause",
            "cause");
    public static final MetricSpec GPU_RETIRED_PAGES_PENDING = gpu("hearth_gpu_retired_pages_pending",
            "1 when a page retirement waits for a reset");
    public static final MetricSpec GPU_REMAPPED_ROWS = gpu("hearth_gpu_remapped_rows", "Memory rows remapped, by cause",
            "cause");
    public static final MetricSpec GPU_REMAPPED_ROWS_PENDING = gpu("hearth_gpu_remapped_rows_pending",
            "1 when a row remap waits for a reset");
    public static final MetricSpec GPU_REMAPPED_ROWS_FAILED = gpu("hearth_gpu_remapped_rows_failed",
            "1 when a row remap failed");
    public static final MetricSpec GPU_XID_EVENTS = new MetricSpec("hearth_gpu_xid_events_total", COUNTER,
            List.of("node", "gpu", "uuid", "model", "xid", "pci_bus_id"), "Xid errors the driver logged, by code");
    public static final MetricSpec GPU_VGPU_UTILIZATION = new MetricSpec("hearth_gpu_vgpu_utilization_ratio", GAUGE,
            List.of("node", "gpu", "uuid", "model", "vgpu", "vgpu_type", "engine"), "A vGPU's busy share, by engine");
    public static final MetricSpec GPU_VGPU_MEMORY_USED = new MetricSpec("hearth_gpu_vgpu_memory_used_bytes", GAUGE,
            List.of("node", "gpu", "uuid", "model", "vgpu", "vgpu_type"), "A vGPU's memory in use");
    public static final MetricSpec GPU_VGPU_MEMORY_TOTAL = new MetricSpec("hearth_gpu_vgpu_memory_total_bytes", GAUGE,
            List.of("node", "gpu", "uuid", "model", "vgpu", "vgpu_type"), "A vGPU's memory in all");

    // --- collector ------------------------------------------------------------------------------
    public static final MetricSpec SCRAPE_UP = new MetricSpec("hearth_scrape_up", GAUGE,
            List.of("node", "source"), "1 when the last scrape of this source succeeded, 0 otherwise");
    public static final MetricSpec SCRAPE_DURATION = new MetricSpec("hearth_scrape_duration_seconds", GAUGE,
            List.of("node", "source"), "How long the last scrape of this source took");
    public static final MetricSpec COLLECTOR_SAMPLES_STORED = new MetricSpec("hearth_collector_samples_stored_total",
            COUNTER, List.of(), "Samples written to the metric store");
    public static final MetricSpec COLLECTOR_SCRAPE_FAILURES = new MetricSpec(
            "hearth_collector_scrape_failures_total", COUNTER, List.of("source", "node", "reason"),
            "Scrapes that failed, by source kind, node and reason: timeout, refused, http, parse, internal, other");
    public static final MetricSpec COLLECTOR_PENDING_SAMPLES = new MetricSpec("hearth_collector_pending_samples",
            GAUGE, List.of(), "Samples held in memory because the store could not take them yet");
    public static final MetricSpec COLLECTOR_SAMPLES_DROPPED = new MetricSpec(
            "hearth_collector_samples_dropped_total", COUNTER, List.of(),
            "Samples dropped because the store stayed unavailable longer than the memory and spill buffers last");
    public static final MetricSpec COLLECTOR_LAST_SUCCESS = new MetricSpec(
            "hearth_collector_last_store_success_timestamp_seconds", GAUGE, List.of(),
            "Unix time of the last successful write to the metric store");
    public static final MetricSpec COLLECTOR_SCRAPE_DURATION = new MetricSpec(
            "hearth_collector_scrape_duration_seconds", HISTOGRAM, List.of("source", "node"),
            "Time one scrape of a source took, failed ones included, by source kind and node");
    public static final MetricSpec COLLECTOR_PENDING_BATCHES = new MetricSpec("hearth_collector_pending_batches",
            GAUGE, List.of(), "Sample batches held in memory because the store could not take them yet");
    public static final MetricSpec COLLECTOR_SPILLED_BATCHES = new MetricSpec("hearth_collector_spilled_batches",
            GAUGE, List.of(), "Sample batches written to the spill directory, waiting for the store");
    public static final MetricSpec COLLECTOR_SPILLED_BYTES = new MetricSpec("hearth_collector_spilled_bytes",
            GAUGE, List.of(), "Bytes of the spill files waiting for the store");
    public static final MetricSpec COLLECTOR_SPILL_CORRUPT_FILES = new MetricSpec(
            "hearth_collector_spill_corrupt_files_total", COUNTER, List.of(),
            "Spill files that failed their checksum or could not be read, moved aside instead of replayed");
    public static final MetricSpec COLLECTOR_OLDEST_PENDING_AGE = new MetricSpec(
            "hearth_collector_oldest_pending_age_seconds", GAUGE, List.of(),
            "Age of the oldest batch the store has not acknowledged yet (0 when none waits)");
    public static final MetricSpec COLLECTOR_INGEST_LAG = new MetricSpec("hearth_collector_ingest_lag_seconds",
            HISTOGRAM, List.of(), "Time from a batch's collection to the store's acknowledgement of it");

    // --- rules and remediation ------------------------------------------------------------------
    public static final MetricSpec RULES_FINDINGS_ACTIVE = new MetricSpec("hearth_rules_findings_active", GAUGE,
            List.of(), "Findings whose condition holds at the last evaluation");
    public static final MetricSpec RULES_EVALUATION_DURATION = new MetricSpec(
            "hearth_rules_evaluation_duration_seconds", HISTOGRAM, List.of(), "Time one rule evaluation took");
    public static final MetricSpec RULES_RELOAD_FAILURES = new MetricSpec("hearth_rules_reload_failures_total",
            COUNTER, List.of(), "Rule directory reloads that failed to read or compile; the previous rules kept running");
    public static final MetricSpec REMEDIATION_ACTIONS = new MetricSpec("hearth_remediation_actions_total", COUNTER,
            List.of("action", "verdict"), "Remediation decisions, by action type and outcome (executed, refused,"
            + " deferred, failed, pending_approval, rejected, expired, dry_run, not_applicable)");
    public static final MetricSpec REMEDIATION_REFUSALS = new MetricSpec("hearth_remediation_refusals_total", COUNTER,
            List.of("action", "reason"), "Actions the remediation guard refused or deferred, by action type and rule");
    public static final MetricSpec REMEDIATION_BREAKER_OPEN = new MetricSpec("hearth_remediation_breaker_open", GAUGE,
            List.of(), "1 while the isolation breaker is tripped (isolations blocked until an operator resets it)");
    public static final MetricSpec REMEDIATION_PENDING_APPROVALS = new MetricSpec(
            "hearth_remediation_pending_approvals", GAUGE, List.of(), "Remediation actions waiting for an operator");
    public static final MetricSpec REMEDIATION_ACTION_DURATION = new MetricSpec(
            "hearth_remediation_action_duration_seconds", HISTOGRAM, List.of("action"),
            "Time a remediation backend took to carry out an action, retries included");
    public static final MetricSpec REMEDIATION_TICKETS = new MetricSpec("hearth_remediation_tickets_total", COUNTER,
            List.of("fault"), "Repair tickets opened, by fault");
    public static final MetricSpec REMEDIATION_TICKETS_OPEN = new MetricSpec("hearth_remediation_tickets_open", GAUGE,
            List.of(), "Repair tickets not yet closed");
    public static final MetricSpec PLACEMENT_SHARD_REPLICAS = new MetricSpec("hearth_placement_shard_replicas",
            GAUGE, List.of("shard"), "Replicas of each model shard on nodes that are not isolated");
    public static final MetricSpec PLACEMENT_SHARD_REPLICAS_NEEDED = new MetricSpec(
            "hearth_placement_shard_replicas_needed", GAUGE, List.of("shard"),
            "Replicas each shard's load needs (N); the fleet keeps N + 2");
    public static final MetricSpec NODE_STATE = new MetricSpec("hearth_node_state", GAUGE,
            List.of("node", "state"), "1 for the state each node is in, 0 for the others");
    public static final MetricSpec CONTROL_LOOP_DURATION = new MetricSpec("hearth_control_loop_duration_seconds",
            HISTOGRAM, List.of(), "Time one collect, evaluate and act cycle took");

    /** A per-GPU gauge: the node, the GPU's index, UUID and model, and {@code extra} labels. */
    private static MetricSpec gpu(String name, String help, String... extra) {
        List<String> labels = new ArrayList<>(List.of("node", "gpu", "uuid", "model"));
        labels.addAll(List.of(extra));
        return new MetricSpec(name, GAUGE, labels, help + ", read from nvidia-smi");
    }

    private static final List<MetricSpec> ALL = List.of(
            NODE_REQUESTS, NODE_REQUEST_DURATION, NODE_PROMPT_TOKENS, NODE_GENERATED_TOKENS, NODE_INFLIGHT,
            NODE_TIME_TO_FIRST_TOKEN, NODE_INTER_TOKEN_LATENCY, NODE_QUEUE_TIME, NODE_RUNNING_REQUESTS,
            NODE_WAITING_REQUESTS, NODE_KV_USAGE, NODE_BATCH_SIZE, EXPERT_TOKENS, HOUSEHOLD_REQUESTS, HOUSEHOLD_TOKENS,
            HOP_DURATION, HOP_BYTES, WIRE_RAW_BYTES, WIRE_ENCODED_BYTES, WIRE_FRAMES, WIRE_REJECTED_FRAMES,
            GATEWAY_REQUESTS, GATEWAY_REQUEST_DURATION, GATEWAY_RETRIES, GATEWAY_ROUTABLE_NODES,
            BMC_TEMPERATURE, BMC_FAN_SPEED, BMC_POWER, BMC_FAN_SPEED_RATIO, BMC_POWER_SUPPLY_INPUT,
            BMC_POWER_SUPPLY_OUTPUT, BMC_HEALTH, BMC_SENSOR_POWER, BMC_VOLTAGE, BMC_CURRENT, BMC_SENSOR_STATE,
            BMC_POWER_STATISTIC, GPU_DEVICES, GPU_TEMPERATURE, GPU_MEMORY_TEMPERATURE, GPU_POWER, GPU_POWER_LIMIT,
            GPU_CLOCK, GPU_UTILIZATION, GPU_MEMORY_USED, GPU_MEMORY_TOTAL, GPU_FAN, GPU_THROTTLE, GPU_ECC_ERRORS,
            GPU_RETIRED_PAGES, GPU_RETIRED_PAGES_PENDING, GPU_REMAPPED_ROWS, GPU_REMAPPED_ROWS_PENDING,
            GPU_REMAPPED_ROWS_FAILED, GPU_XID_EVENTS, GPU_VGPU_UTILIZATION, GPU_VGPU_MEMORY_USED, GPU_VGPU_MEMORY_TOTAL,
            SCRAPE_UP, SCRAPE_DURATION, COLLECTOR_SAMPLES_STORED, COLLECTOR_SCRAPE_FAILURES,
            COLLECTOR_PENDING_SAMPLES, COLLECTOR_SAMPLES_DROPPED, COLLECTOR_LAST_SUCCESS, COLLECTOR_SCRAPE_DURATION,
            COLLECTOR_PENDING_BATCHES, COLLECTOR_SPILLED_BATCHES, COLLECTOR_SPILLED_BYTES,
            COLLECTOR_SPILL_CORRUPT_FILES, COLLECTOR_OLDEST_PENDING_AGE, COLLECTOR_INGEST_LAG,
            RULES_FINDINGS_ACTIVE, RULES_EVALUATION_DURATION, RULES_RELOAD_FAILURES, REMEDIATION_ACTIONS, NODE_STATE,
            CONTROL_LOOP_DURATION, REMEDIATION_REFUSALS, REMEDIATION_BREAKER_OPEN, REMEDIATION_PENDING_APPROVALS,
            REMEDIATION_ACTION_DURATION, HOUSEHOLD_KV_BLOCKS, HOUSEHOLD_BATCH_SLOTS, HOUSEHOLD_ENGINE_SECONDS,
            HOUSEHOLD_HELD_SECONDS, NODE_FLOPS,
            GATEWAY_QUOTA_REJECTIONS, ENERGY_PRICE, REMEDIATION_TICKETS, REMEDIATION_TICKETS_OPEN,
            PLACEMENT_SHARD_REPLICAS, PLACEMENT_SHARD_REPLICAS_NEEDED);

    private static final Map<String, MetricSpec> BY_EXPOSED_NAME = ALL.stream()
            .flatMap(spec -> spec.exposedNames().stream().map(n -> Map.entry(n, spec)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private MetricCatalogue() {
    }

    public static List<MetricSpec> all() {
        return ALL;
    }

    /** The spec behind a series name as it appears in the exposition (e.g. a {@code _bucket} series). */
    public static Optional<MetricSpec> byExposedName(String seriesName) {
        return Optional.ofNullable(BY_EXPOSED_NAME.get(seriesName));
    }
}

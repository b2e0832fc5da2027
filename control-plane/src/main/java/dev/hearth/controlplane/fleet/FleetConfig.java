package dev.hearth.controlplane.fleet;

import dev.hearth.node.serving.SlicePolicy;
import dev.hearth.remediation.GuardPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a local fleet is started with.
 *
 * @param databaseUrl  an external PostgreSQL; empty to start the embedded one in {@code dataDirectory}
 * @param adminPort    the control plane's admin API (0 for any free port)
 * @param gatewayPort  the gateway's OpenAI-compatible API (0 for any free port)
 * @param interval     how often the collector scrapes and the rules evaluate
 * @param holdDown     how long an isolated node must stay healthy before it serves again
 * @param retention    how long samples are kept in the store
 * @param stages       pipeline stages the model is split into: 1 runs the whole model on every node;
 *                     more puts layer 0 on every node and the later stages on shard servers of their
 *                     own (two replicas each), reached over TCP
 * @param standbys     spare nodes held in reserve, with hardware but no model loaded: remediation
 *                     promotes one in an isolated node's place after a good canary
 * @param energyPrice  what a kWh costs, exposed for the dashboards' cost panels
 * @param slicing      how each node divides its engine time among households
 */
public record FleetConfig(int nodes, Optional<String> databaseUrl, Path dataDirectory, int adminPort,
                          int gatewayPort, Duration interval, Duration holdDown, Duration retention,
                          GuardPolicy guard, long seed, int stages, int standbys, EnergyPrice energyPrice,
                          SlicePolicy slicing) {

    /** A fleet whose nodes slice best effort: a household may use the engine time others leave idle. */
    public FleetConfig(int nodes, Optional<String> databaseUrl, Path dataDirectory, int adminPort, int gatewayPort,
                       Duration interval, Duration holdDown, Duration retention, GuardPolicy guard, long seed,
                       int stages, int standbys, EnergyPrice energyPrice) {
        this(nodes, databaseUrl, dataDirectory, adminPort, gatewayPort, interval, holdDown, retention, guard, seed,
                stages, standbys, energyPrice, SlicePolicy.BEST_EFFORT);
    }

    /** A fleet with standbys, at the default electricity price. */
    public FleetConfig(int nodes, Optional<String> databaseUrl, Path dataDirectory, int adminPort, int gatewayPort,
                       Duration interval, Duration holdDown, Duration retention, GuardPolicy guard, long seed,
                       int stages, int standbys) {
        this(nodes, databaseUrl, dataDirectory, adminPort, gatewayPort, interval, holdDown, retention, guard, seed,
                stages, standbys, EnergyPrice.DEFAULT);
    }

    /** A fleet whose nodes each run the whole model. */
    public FleetConfig(int nodes, Optional<String> databaseUrl, Path dataDirectory, int adminPort, int gatewayPort,
                       Duration interval, Duration holdDown, Duration retention, GuardPolicy guard, long seed) {
        this(nodes, databaseUrl, dataDirectory, adminPort, gatewayPort, interval, holdDown, retention, guard, seed, 1);
    }

    /** A fleet without standbys, at the default electricity price. */
    public FleetConfig(int nodes, Optional<String> databaseUrl, Path dataDirectory, int adminPort, int gatewayPort,
                       Duration interval, Duration holdDown, Duration retention, GuardPolicy guard, long seed,
                       int stages) {
        this(nodes, databaseUrl, dataDirectory, adminPort, gatewayPort, interval, holdDown, retention, guard, seed,
                stages, 0);
    }

    public static final int DEFAULT_ADMIN_PORT = 7700;
    public static final int DEFAULT_GATEWAY_PORT = 7701;

    public FleetConfig {
        if (nodes < 1 || nodes > 64) {
            throw new IllegalArgumentException("--nodes " + nodes + " is out of range: a local fleet has 1 to 64 nodes");
        }
        requirePort("--admin-port", adminPort);
        requirePort("--gateway-port", gatewayPort);
        if (adminPort != 0 && adminPort == gatewayPort) {
            throw new IllegalArgumentException("--admin-port and --gateway-port are both " + adminPort
                    + ": give them different ports");
        }
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException("the scrape interval " + interval + " is too short: use at least 100ms");
        }
        if (stages < 1 || stages > 4) {
            throw new IllegalArgumentException("--stages " + stages + " is out of range: the local fleet's model has 4"
                    + " layers, so 1 (the whole model on each node) to 4 stages");
        }
        if (standbys < 0 || standbys > 16) {
            throw new IllegalArgumentException("--standbys " + standbys + " is out of range: a local fleet keeps 0 to"
                    + " 16 standbys");
        }
        if (standbys > 0 && stages > 1) {
            throw new IllegalArgumentException("--standbys " + standbys + " with --stages " + stages + ": this local"
                    + " fleet promotes standbys when every node runs the whole model; use --stages 1 with standbys");
        }
        Objects.requireNonNull(energyPrice, "energyPrice");
        Objects.requireNonNull(slicing, "slicing");
        if (holdDown.isNegative()) {
            throw new IllegalArgumentException("the hold-down " + holdDown + " must not be negative");
        }
    }

    private static void requirePort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " " + port + " is not a port: use 1-65535 (or 0 for any free port)");
        }
    }
}

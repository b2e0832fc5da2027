package dev.hearth.controlplane.cli;

import dev.hearth.controlplane.placement.PlacementException;
import dev.hearth.controlplane.placement.PlacementPolicy;
import dev.hearth.controlplane.placement.PlacementSolution;
import dev.hearth.controlplane.placement.PlacementSolver;
import dev.hearth.controlplane.placement.PlacementSummary;
import dev.hearth.controlplane.placement.ShardPlanner;
import dev.hearth.controlplane.placement.SyntheticFleet;
import dev.hearth.controlplane.placement.WeightFormat;
import dev.hearth.model.placement.NodeCapacity;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.TensorPlan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "placement", mixinStandardHelpOptions = true,
        description = {"Place DeepSeek-V3 (671 B parameters, FP8) on a made-up fleet of household GPUs:",
                "shards, replicas, nodes used, spares, stages kept inside one building, solve time;",
                "then lose the fullest node and re-solve: time and bytes moved."})
public final class BenchPlacementCommand implements Callable<Integer> {
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final double GB = 1e9;
    /** Solves timed after the first, whose median is the warm figure. */
    private static final int WARM_RUNS = 5;

    @Option(names = "--nodes", defaultValue = "1000", description = "GPUs in the fleet (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--replication", defaultValue = "2", description = "Copies of every shard (default ${DEFAULT-VALUE}).")
    int replication;

    @Option(names = "--gpu-memory-gb", defaultValue = "11", paramLabel = "GIB",
            description = "GPU memory of each node in GiB (default ${DEFAULT-VALUE}, an RTX 2080 Ti).")
    double gpuMemoryGb;

    @Option(names = "--kv-budget-gb", defaultValue = "1", paramLabel = "GIB",
            description = "GPU memory each node keeps for the KV cache and buffers, not weights, in GiB (default ${DEFAULT-VALUE}).")
    double kvBudgetGb;

    @Option(names = "--buildings", description = "Buildings (switches) the nodes are spread over (default: one per 100 nodes).")
    Integer buildings;

    @Option(names = "--spines", description = "Spines the buildings uplink to (default: one per 4 buildings).")
    Integer spines;

    @Option(names = "--spares", defaultValue = "2", description = "Nodes kept empty as standbys (default ${DEFAULT-VALUE}, N+2).")
    int spares;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SyntheticFleet fleetShape = fleetShape();
        PlacementPolicy policy = new PlacementPolicy(replication, spares);
        PrintWriter out = spec.commandLine().getOut();
        ModelConfig model = ModelPresets.deepSeekV3();
        WeightFormat format = WeightFormat.fp8();
        List<NodeCapacity> fleet = fleetShape.build();
        long weightRoom = fleet.get(0).weightBytes(); // every node of the made-up fleet is alike
        PlacementSolver solver = new PlacementSolver(policy);
        try {
            long start = System.nanoTime();
            ShardPlanner planner = new ShardPlanner(model, format);
            List<Shard> shards = planner.plan(fleet);
            PlacementSolution first = solver.solve(shards, fleet);
            double firstMs = (System.nanoTime() - start) / 1e6;
            double[] warm = new double[WARM_RUNS];
            boolean same = true;
            for (int i = 0; i < WARM_RUNS; i++) {
                long t = System.nanoTime();
                PlacementSolution again = solver.solve(new ShardPlanner(model, format).plan(fleet), fleet);
                warm[i] = (System.nanoTime() - t) / 1e6;
                same &= again.equals(first);
            }
            Arrays.sort(warm);

            long modelBytes = planner.modelBytes();
            long groups = shards.stream().filter(s -> s.kind() == ShardKind.EXPERTS).count();
            Shard group = shards.stream().filter(s -> s.kind() == ShardKind.EXPERTS).findFirst().orElseThrow();
            long largestStage = shards.stream().filter(s -> s.kind() == ShardKind.STAGE).mapToLong(Shard::bytes).max().orElseThrow();
            PlacementSummary summary = PlacementSummary.of(first.map(), fleet);
            out.printf("model: DeepSeek-V3, %.1f B parameters, %.1f GB (%.1f GiB) at %s with 128x128 block scales%n",
                    new TensorPlan(model).parameterCount() / 1e9, modelBytes / GB, modelBytes / GIB, format.name());
            out.printf("fleet: %d nodes of %.1f GiB (%.1f GiB KV budget, %.1f GiB for weights) in %d buildings on %d spines%n",
                    nodes, gpuMemoryGb, kvBudgetGb, weightRoom / GIB, fleetShape.buildings(), fleetShape.spines());
            out.printf("shards: %d (%d pipeline stages of up to %.2f GiB + %d expert groups of %d experts, %.2f GiB each),"
                            + " %d replicas each = %d placed%n", shards.size(), summary.stages(), largestStage / GIB, groups,
                    group.endExpert() - group.firstExpert(), group.bytes() / GIB, replication, shards.size() * replication);
            out.printf("nodes used: %d; spares left: %d (at least %d kept)%n", summary.nodesUsed(), summary.spares(), spares);
            out.printf("pipeline stages per replica: %d; stage hops inside one building: %d of %d;"
                            + " replicas inside one building: %d of %d%n", summary.stages(), summary.stageHopsInBuilding(),
                    summary.stageHops(), summary.replicasInOneBuilding(), replication);
            out.printf("expert groups beside their stage (same building): %d of %d; shards with replicas in distinct"
                            + " buildings: %d of %d, households: %d of %d%n", summary.expertReplicasBesideStage(),
                    groups * replication, summary.shardsOverBuildings(), shards.size(), summary.shardsOverHouseholds(),
                    shards.size());
            out.printf("solve: %.1f ms first run, %.1f ms warm (median of %d); same placement every run: %s%n",
                    firstMs, warm[WARM_RUNS / 2], WARM_RUNS, same ? "yes" : "NO");

            String lost = summary.fullestNode();
            List<NodeCapacity> survivors = new ArrayList<>(fleet);
            survivors.removeIf(n -> n.id().equals(lost));
            long t = System.nanoTime();
            PlacementSolution after = solver.resolve(first.map(), survivors);
            double resolveMs = (System.nanoTime() - t) / 1e6;
            long targets = after.moves().stream().map(m -> m.to()).distinct().count();
            out.printf("lose %s (the fullest node, %.2f GiB in %d shards): re-solved in %.1f ms, moved %.2f GiB"
                            + " (the lost node held %.2f GiB) onto %d node(s); version %d -> %d; spares left: %d%n",
                    lost, summary.fullestNodeBytes() / GIB, after.moves().size(), resolveMs, after.bytesMoved() / GIB,
                    summary.fullestNodeBytes() / GIB, targets, first.map().version(), after.map().version(),
                    after.spares().size());
            if (after.spares().size() < spares) {
                out.printf("warning: %d spare(s) left, fewer than the %d asked for; add a node%n", after.spares().size(), spares);
            }
            out.flush();
            return 0;
        } catch (PlacementException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The fleet the options describe; a bad combination is a usage error (exit 2). */
    private SyntheticFleet fleetShape() {
        CommandLine cli = spec.commandLine();
        if (nodes < 1) {
            throw new CommandLine.ParameterException(cli, "--nodes is " + nodes + "; give at least 1");
        }
        if (replication < 1) {
            throw new CommandLine.ParameterException(cli, "--replication is " + replication
                    + "; give at least 1 (every shard needs one copy)");
        }
        if (spares < 0) {
            throw new CommandLine.ParameterException(cli, "--spares is " + spares + "; give 0 or more (2 for N+2)");
        }
        if (!(gpuMemoryGb > 0) || Double.isInfinite(gpuMemoryGb)) {
            throw new CommandLine.ParameterException(cli, "--gpu-memory-gb is " + gpuMemoryGb
                    + "; give the card's memory in GiB, e.g. 11 for an RTX 2080 Ti");
        }
        if (!(kvBudgetGb >= 0) || kvBudgetGb >= gpuMemoryGb) {
            throw new CommandLine.ParameterException(cli, "--kv-budget-gb is " + kvBudgetGb
                    + "; give 0 or more and less than --gpu-memory-gb (" + gpuMemoryGb + ")");
        }
        int b = buildings != null ? buildings : Math.max(1, (nodes + 99) / 100);
        if (b < 1 || b > nodes) {
            throw new CommandLine.ParameterException(cli, "--buildings is " + b + "; give 1 to --nodes (" + nodes + ")");
        }
        int s = spines != null ? spines : Math.max(1, (b + 3) / 4);
        if (s < 1 || s > b) {
            throw new CommandLine.ParameterException(cli, "--spines is " + s + "; give 1 to the number of buildings (" + b + ")");
        }
        return new SyntheticFleet(nodes, b, s, Math.round(gpuMemoryGb * GIB), Math.round(kvBudgetGb * GIB));
    }
}

package dev.hearth.controlplane.placement;

import dev.hearth.model.placement.NodeCapacity;
import dev.hearth.model.placement.Shard;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.TensorPlan;
import dev.hearth.node.model.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a model into shards that each fit a node: as few pipeline stages as the dense part allows,
 * balanced in bytes, and each MoE layer's routed experts in groups.
 *
 * <p>Expert groups follow the router's groups ({@code n_group}) where one fits a node: group-limited
 * routing picks a token's experts from {@code topk_group} groups only, so a token then visits at most
 * that many expert shards per layer. A group too large for a node is halved until it fits.
 */
public final class ShardPlanner {
    private static final String LAYERS = "model.layers.";
    private static final String EXPERTS = "mlp.experts.";
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final ModelConfig config;
    private final long embedding;
    private final long head;
    private final long[] dense;
    private final long[][] experts;

    public ShardPlanner(ModelConfig config, WeightFormat format) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(format, "format");
        int layers = config.numHiddenLayers();
        dense = new long[layers];
        experts = new long[layers][];
        for (int l = 0; l < layers; l++) {
            experts[l] = new long[config.isMoeLayer(l) ? config.nRoutedExperts() : 0];
        }
        long embed = 0;
        long tail = 0;
        for (TensorSpec t : new TensorPlan(config).tensors()) {
            long bytes = format.bytes(t);
            String name = t.name();
            if (name.startsWith("model.embed_tokens.")) {
                embed += bytes;
            } else if (name.startsWith(LAYERS)) {
                int dot = name.indexOf('.', LAYERS.length());
                int layer = Integer.parseInt(name.substring(LAYERS.length(), dot));
                String rest = name.substring(dot + 1);
                if (rest.startsWith(EXPERTS)) {
                    int expert = Integer.parseInt(rest.substring(EXPERTS.length(), rest.indexOf('.', EXPERTS.length())));
                    experts[layer][expert] += bytes;
                } else {
                    dense[layer] += bytes;
                }
            } else {
                tail += bytes; // final norm and LM head
            }
        }
        embedding = embed;
        head = tail;
    }

    /** Weight bytes of one copy of the whole model. */
    public long modelBytes() {
        long total = embedding + head;
        for (int l = 0; l < dense.length; l++) {
            total += dense[l];
            for (long e : experts[l]) {
                total += e;
            }
        }
        return total;
    }

    /**
     * The shards for {@code fleet}: none larger than its smallest node's weight memory, so that any
     * node can take any shard when one is lost.
     */
    public List<Shard> plan(List<NodeCapacity> fleet) {
        if (fleet.isEmpty()) {
            throw new IllegalArgumentException("the fleet has no nodes; give at least one node to size shards for");
        }
        return plan(fleet.stream().mapToLong(NodeCapacity::weightBytes).min().orElseThrow());
    }

    /**
     * The shards, in pipeline order: each stage followed by the expert groups of its layers.
     *
     * @param maxShardBytes weight bytes one node holds; no shard is larger
     * @throws PlacementException when even one layer's dense part or one expert is larger
     */
    public List<Shard> plan(long maxShardBytes) {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("a node's weight memory is " + maxShardBytes + " bytes; it must be positive");
        }
        int groups = expertGroups(maxShardBytes);
        int[] stageEnds = stages(maxShardBytes);
        List<Shard> shards = new ArrayList<>();
        int first = 0;
        for (int s = 0; s < stageEnds.length; s++) {
            int end = stageEnds[s];
            shards.add(Shard.stage(s, first, end, rangeBytes(first, end)));
            for (int l = first; l < end; l++) {
                int n = experts[l].length;
                for (int g = 0; g < (n == 0 ? 0 : groups); g++) {
                    int from = (int) ((long) g * n / groups);
                    int to = (int) ((long) (g + 1) * n / groups);
                    long bytes = 0;
                    for (int e = from; e < to; e++) {
                        bytes += experts[l][e];
                    }
                    shards.add(Shard.experts(s, l, from, to, bytes));
                }
            }
            first = end;
        }
        return List.copyOf(shards);
    }

    /** Dense bytes of layers {@code [first, end)}, with the embedding on layer 0 and the head on the last. */
    private long rangeBytes(int first, int end) {
        long bytes = 0;
        for (int l = first; l < end; l++) {
            bytes += layerBytes(l);
        }
        return bytes;
    }

    private long layerBytes(int l) {
        return dense[l] + (l == 0 ? embedding : 0) + (l == dense.length - 1 ? head : 0);
    }

    /**
     * Ends of the stages' layer ranges: the fewest stages that fit {@code cap}, then the smallest
     * largest stage with that many, so no stage node is much fuller than another.
     */
    private int[] stages(long cap) {
        long largest = 0;
        for (int l = 0; l < dense.length; l++) {
            long bytes = layerBytes(l);
            if (bytes > cap) {
                throw new PlacementException(String.format("layer %d's dense part%s needs %.2f GiB but a node holds %.2f GiB"
                                + " of weights; use cards with more memory or a smaller KV budget", l,
                        l == 0 ? " with the embedding" : l == dense.length - 1 ? " with the LM head" : "", bytes / GIB,
                        cap / GIB));
            }
            largest = Math.max(largest, bytes);
        }
        int count = split(cap).size();
        long low = largest;
        long high = cap;
        while (low < high) {
            long mid = low + (high - low) / 2;
            if (split(mid).size() <= count) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return split(low).stream().mapToInt(Integer::intValue).toArray();
    }

    /** Greedy contiguous split with every part at most {@code bound}: the fewest parts for that bound. */
    private List<Integer> split(long bound) {
        List<Integer> ends = new ArrayList<>();
        long part = 0;
        for (int l = 0; l < dense.length; l++) {
            long bytes = layerBytes(l);
            if (part + bytes > bound) {
                ends.add(l);
                part = 0;
            }
            part += bytes;
        }
        ends.add(dense.length);
        return ends;
    }

    /** Expert groups per MoE layer: the router's groups, halved until one fits {@code cap}. */
    private int expertGroups(long cap) {
        int n = config.nRoutedExperts();
        if (n == 0) {
            return 0;
        }
        int groups = config.nGroup() > 0 && n % config.nGroup() == 0 ? config.nGroup() : 1;
        while (largestGroup(groups) > cap) {
            if (groups == n) {
                throw new PlacementException(String.format("one routed expert needs %.3f GiB but a node holds %.3f GiB"
                        + " of weights; use cards with more memory or a smaller KV budget", largestGroup(n) / GIB, cap / GIB));
            }
            groups = Math.min(n, groups * 2);
        }
        return groups;
    }

    private long largestGroup(int groups) {
        long largest = 0;
        for (long[] layer : experts) {
            int n = layer.length;
            for (int g = 0; g < (n == 0 ? 0 : groups); g++) {
                long bytes = 0;
                for (int e = (int) ((long) g * n / groups); e < (int) ((long) (g + 1) * n / groups); e++) {
                    bytes += layer[e];
                }
                largest = Math.max(largest, bytes);
            }
        }
        return largest;
    }
}

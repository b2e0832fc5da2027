package dev.hearth.collector;

import dev.hearth.model.NodeIdentity;
import dev.hearth.model.Sample;
import dev.hearth.model.Topology;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Adds each node's place in the network, {@code household}, {@code building} and {@code spine}, to
 * every sample of that node, so the store can be queried by blast radius.
 *
 * <p>Like Prometheus with {@code honor_labels: false}, the collector's labels win: a scraped sample
 * that already carries one of these labels (a node's {@code hearth_household_requests_total} names the
 * tenant household, say) keeps its own value under {@code exported_<name>}, prefixed again should that
 * name be taken too.
 */
public final class TopologyLabels {
    public static final String HOUSEHOLD = "household";
    public static final String BUILDING = "building";
    public static final String SPINE = "spine";
    static final String EXPORTED_PREFIX = "exported_";

    private final Map<String, Topology> byNode;

    public TopologyLabels(Map<String, Topology> byNode) {
        this.byNode = Map.copyOf(Objects.requireNonNull(byNode, "byNode"));
    }

    public static TopologyLabels of(Collection<NodeIdentity> nodes) {
        Map<String, Topology> byNode = new TreeMap<>();
        for (NodeIdentity node : nodes) {
            byNode.put(node.id(), node.topology());
        }
        return new TopologyLabels(byNode);
    }

    /**
     * @throws IllegalArgumentException when {@code node} has no topology, naming it and the fix
     */
    public void requireKnown(String node) {
        if (!byNode.containsKey(node)) {
            List<String> known = byNode.keySet().stream().sorted().limit(5).toList();
            throw new IllegalArgumentException("node " + node + " has a source but no topology (household, building,"
                    + " spine), so its samples could not be labelled; add it to the collector's topology map (known: "
                    + (known.isEmpty() ? "none" : String.join(", ", known) + (byNode.size() > 5 ? ", ..." : "")) + ")");
        }
    }

    /** {@code samples} with their node's topology labels; every node must be known (see {@link #requireKnown}). */
    public List<Sample> label(List<Sample> samples) {
        return samples.stream().map(this::label).toList();
    }

    Sample label(Sample sample) {
        Topology topology = byNode.get(sample.node());
        if (topology == null) {
            requireKnown(sample.node());
        }
        Map<String, String> labels = new TreeMap<>(sample.labels());
        put(labels, HOUSEHOLD, topology.household());
        put(labels, BUILDING, topology.building());
        put(labels, SPINE, topology.spine());
        return new Sample(sample.time(), sample.node(), sample.metric(), labels, sample.value());
    }

    private static void put(Map<String, String> labels, String name, String value) {
        String scraped = labels.put(name, value);
        if (scraped != null) {
            String exported = EXPORTED_PREFIX + name;
            while (labels.containsKey(exported)) {
                exported = EXPORTED_PREFIX + exported;
            }
            labels.put(exported, scraped);
        }
    }
}

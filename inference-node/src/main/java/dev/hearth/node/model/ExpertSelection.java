package dev.hearth.node.model;

/** Which routed experts of which MoE layer a node holds (expert parallelism splits them over nodes). */
@FunctionalInterface
public interface ExpertSelection {
    /** Every expert: the whole layer on this node. */
    ExpertSelection ALL = (layer, expert) -> true;

    boolean holds(int layer, int expert);
}

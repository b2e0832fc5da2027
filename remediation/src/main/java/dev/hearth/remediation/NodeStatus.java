package dev.hearth.remediation;

import dev.hearth.model.Finding;
import dev.hearth.model.NodeState;

import java.time.Instant;

/**
 * What remediation knows of one node.
 *
 * @param since        when the node entered {@code state}
 * @param cause        for an isolated node, the finding it was isolated for; {@code null} for a standby set
 *                     aside after a failed promotion
 * @param healthySince for an isolated node, since when no finding has named it; {@code null} while one does
 * @param relapses     for an isolated node, how often it was isolated before within the relapse window:
 *                     each doubles its hold-down, so a node that keeps coming back sick stays out longer
 */
public record NodeStatus(String node, NodeState state, Instant since, Finding cause, Instant healthySince,
                         int relapses) {

    public NodeStatus(String node, NodeState state, Instant since, Finding cause, Instant healthySince) {
        this(node, state, since, cause, healthySince, 0);
    }

    public static NodeStatus serving(String node, Instant since) {
        return new NodeStatus(node, NodeState.SERVING, since, null, null);
    }

    public static NodeStatus standby(String node, Instant since) {
        return new NodeStatus(node, NodeState.STANDBY, since, null, null);
    }

    public NodeStatus withHealthySince(Instant healthySince) {
        return new NodeStatus(node, state, since, cause, healthySince, relapses);
    }
}

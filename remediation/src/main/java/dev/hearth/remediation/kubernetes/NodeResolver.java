package dev.hearth.remediation.kubernetes;

import dev.hearth.remediation.ActuationException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.stream.Collectors;

/** Finds the Kubernetes node that serves a Hearth node: the one labelled {@code hearth.dev/node=<id>}. */
final class NodeResolver {
    private final KubernetesClient client;

    NodeResolver(KubernetesClient client) {
        this.client = client;
    }

    /** @throws ActuationException when no node or more than one carries the label */
    Node resolve(String hearthNode) throws ActuationException {
        if (!LabelValues.isValid(hearthNode)) {
            throw new ActuationException("Hearth node id '" + hearthNode + "' cannot be a Kubernetes label value"
                    + " (at most 63 characters of A-Z a-z 0-9 - _ ., alphanumeric at both ends), so no node can carry "
                    + NodeMarks.NODE_LABEL + "=" + hearthNode + "; rename the node in the fleet inventory", null);
        }
        List<Node> nodes = client.nodes().withLabel(NodeMarks.NODE_LABEL, hearthNode).list().getItems();
        if (nodes.isEmpty()) {
            throw new ActuationException("no Kubernetes node carries label " + NodeMarks.NODE_LABEL + "=" + hearthNode
                    + "; label the machine that serves it: kubectl label node <name> " + NodeMarks.NODE_LABEL + "="
                    + hearthNode, null);
        }
        if (nodes.size() > 1) {
            String names = nodes.stream().map(n -> n.getMetadata().getName()).sorted()
                    .collect(Collectors.joining(", "));
            throw new ActuationException("Kubernetes nodes " + names + " all carry label " + NodeMarks.NODE_LABEL + "="
                    + hearthNode + "; keep it on the one machine that serves " + hearthNode
                    + " (kubectl label node <other> " + NodeMarks.NODE_LABEL + "-)", null);
        }
        return nodes.get(0);
    }
}

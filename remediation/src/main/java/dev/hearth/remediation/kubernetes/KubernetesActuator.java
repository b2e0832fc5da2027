package dev.hearth.remediation.kubernetes;

import dev.hearth.model.ActionType;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.PlannedAction;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Isolates and restores fleet nodes that run under Kubernetes.
 *
 * <p>{@link ActionType#ISOLATE}: cordons the node, taints it {@code hearth.dev/isolated=<finding kind>:NoSchedule},
 * labels it {@code hearth.dev/state=isolated}, records the reason (and whether the cordon is Hearth's) in
 * annotations, then evicts the node's serving pods through the Eviction API so that PodDisruptionBudgets are
 * honoured. {@link ActionType#RESTORE} takes off exactly those marks. Both are idempotent: marks already in
 * place are not written again, and a repeated isolation only evicts the pods still left.
 *
 * <p>Nodes are changed with {@code edit()} (a JSON patch computed from the node as read), never a
 * strategic-merge patch, which not every API server implementation accepts.
 *
 * <p>Give it a client built with a request timeout and few request retries
 * ({@code Config.requestRetryBackoffLimit} 0-2): fabric8 retries a 429 itself with doubling pauses by default,
 * which holds a disruption budget's refusal for minutes, while remediation retries the failed isolation on its
 * next cycle anyway.
 */
public final class KubernetesActuator implements FleetActuator {
    /** The action types to route here. */
    public static final Set<ActionType> HANDLED = Set.of(ActionType.ISOLATE, ActionType.RESTORE);

    private final KubernetesClient client;
    private final EvictionScope evictionScope;
    private final NodeResolver resolver;

    public KubernetesActuator(KubernetesClient client, EvictionScope evictionScope) {
        this.client = Objects.requireNonNull(client, "client");
        this.evictionScope = Objects.requireNonNull(evictionScope, "evictionScope");
        this.resolver = new NodeResolver(client);
    }

    @Override
    public void execute(PlannedAction action) throws ActuationException {
        try {
            switch (action.type()) {
                case ISOLATE -> isolate(action);
                case RESTORE -> restore(action);
                default -> throw new IllegalArgumentException("KubernetesActuator carries out " + HANDLED + ", not "
                        + action.type() + " (node " + action.node() + "); route that type to its own actuator");
            }
        } catch (KubernetesClientException e) {
            throw new ActuationException(action.type() + " of node " + action.node()
                    + " failed at the Kubernetes API (HTTP " + e.getCode() + "): " + e.getMessage(), e);
        }
    }

    private void isolate(PlannedAction action) throws ActuationException {
        Node node = resolver.resolve(action.node());
        String name = node.getMetadata().getName();
        String kind = action.cause() == null ? null : action.cause().kind();
        if (!NodeMarks.isolated(node, kind, action.reason()).equals(node)) {
            // applied to the node as edit() reads it again, so a change made in between is not overwritten
            client.nodes().withName(name).edit(current -> NodeMarks.isolated(current, kind, action.reason()));
        }
        evictServingPods(action.node(), name);
    }

    private void restore(PlannedAction action) throws ActuationException {
        Node node = resolver.resolve(action.node());
        if (!NodeMarks.restored(node).equals(node)) {
            client.nodes().withName(node.getMetadata().getName()).edit(NodeMarks::restored);
        }
    }

    private void evictServingPods(String hearthNode, String nodeName) throws ActuationException {
        List<String> refused = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        KubernetesClientException firstFailure = null;
        for (Pod pod : servingPods(nodeName)) {
            String ns = pod.getMetadata().getNamespace();
            String podName = pod.getMetadata().getName();
            try {
                if (!client.pods().inNamespace(ns).withName(podName).evict()) {
                    refused.add(ns + "/" + podName);
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    continue; // gone already: nothing left to evict
                }
                failed.add(ns + "/" + podName + " (HTTP " + e.getCode() + ": " + e.getMessage() + ")");
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (!failed.isEmpty()) {
            throw new ActuationException("node " + hearthNode + " (Kubernetes node " + nodeName
                    + ") is cordoned and tainted, but evicting " + String.join(", ", failed) + " failed", firstFailure);
        }
        if (!refused.isEmpty()) {
            EvictionRefusedException cause = new EvictionRefusedException(refused);
            throw new ActuationException("node " + hearthNode + " (Kubernetes node " + nodeName
                    + ") is cordoned and tainted; retryable: " + cause.getMessage(), cause);
        }
    }

    /** Pods on the node that match the scope's selector and are not already terminating. */
    private List<Pod> servingPods(String nodeName) {
        var pods = evictionScope.namespace() == null ? client.pods().inAnyNamespace()
                : client.pods().inNamespace(evictionScope.namespace());
        // filtered here rather than with a spec.nodeName field selector, which only some API server
        // implementations index; one listing of the serving pods per isolation is cheap at fleet size
        return pods.withLabels(evictionScope.podSelector()).list().getItems().stream()
                .filter(p -> p.getSpec() != null && nodeName.equals(p.getSpec().getNodeName()))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }
}

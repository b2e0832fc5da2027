package dev.hearth.remediation.kubernetes;

import java.util.Map;
import java.util.Objects;

/**
 * Which pods isolating a node evicts: those on the node whose labels match {@code podSelector}, in
 * {@code namespace} or, when it is {@code null}, in every namespace. Other pods (daemon sets, monitoring)
 * stay; the cordon and taint already keep new ones away.
 */
public record EvictionScope(String namespace, Map<String, String> podSelector) {
    public EvictionScope {
        podSelector = Map.copyOf(Objects.requireNonNull(podSelector, "podSelector"));
        if (podSelector.isEmpty()) {
            // an empty selector would evict every pod on the node, system pods included
            throw new IllegalArgumentException("the eviction pod selector is empty; name the serving pods,"
                    + " e.g. app=hearth-inference");
        }
        if (namespace != null && namespace.isBlank()) {
            throw new IllegalArgumentException("the eviction namespace is blank; give a namespace or null for all");
        }
    }

    public static EvictionScope allNamespaces(Map<String, String> podSelector) {
        return new EvictionScope(null, podSelector);
    }

    public static EvictionScope inNamespace(String namespace, Map<String, String> podSelector) {
        return new EvictionScope(Objects.requireNonNull(namespace, "namespace"), podSelector);
    }
}

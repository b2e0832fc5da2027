package dev.hearth.remediation.kubernetes;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.PlannedAction;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs against fabric8's Kubernetes API server double in CRUD mode: it stores what is created and patched
 * like an API server would. It has no Eviction API, so eviction answers are set up per test as expectations,
 * which that double serves before its CRUD store.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesActuatorTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Map<String, String> SERVING = Map.of("app", "hearth-inference");

    static KubernetesClient client;
    static KubernetesMockServer server;

    /** One double for the class (it takes seconds to start); each test starts from an empty cluster. */
    @BeforeEach
    void emptyCluster() throws InterruptedException {
        client.pods().inAnyNamespace().delete();
        client.nodes().delete();
        drainRequests();
    }

    @Test
    void isolationCordonsTaintsLabelsAndAnnotatesTheLabelledNode() throws Exception {
        createNode("k8s-worker-7", "node-7", false);
        createNode("k8s-worker-8", "node-8", false);

        actuator().execute(isolate("node-7", "gpu-overheat", "GPU0 above 90 °C for 30 s"));

        Node node = node("k8s-worker-7");
        assertThat(node.getSpec().getUnschedulable()).isTrue();
        assertThat(node.getSpec().getTaints()).extracting(Taint::getKey, Taint::getValue, Taint::getEffect)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hearth.dev/isolated", "gpu-overheat",
                        "NoSchedule"));
        assertThat(node.getMetadata().getLabels()).containsEntry("hearth.dev/state", "isolated")
                .containsEntry("hearth.dev/node", "node-7");
        assertThat(node.getMetadata().getAnnotations())
                .containsEntry("hearth.dev/isolation-reason", "GPU0 above 90 °C for 30 s")
                .containsEntry("hearth.dev/cordoned-by-hearth", "true");
        Node other = node("k8s-worker-8");
        assertThat(other.getSpec().getUnschedulable()).isNull();
        assertThat(other.getSpec().getTaints()).isNullOrEmpty();
    }

    @Test
    void taintValueIsTheFindingKindMadeAValidLabelValue() throws Exception {
        createNode("k8s-worker-7", "node-7", false);

        actuator().execute(isolate("node-7", "Xid 79: GPU fell off the bus!", "xid"));

        assertThat(node("k8s-worker-7").getSpec().getTaints()).extracting(Taint::getValue)
                .containsExactly("Xid-79-GPU-fell-off-the-bus");
    }

    @Test
    void isolationEvictsOnlyTheSelectedPodsOnThatNode() throws Exception {
        createNode("k8s-worker-7", "node-7", false);
        createNode("k8s-worker-8", "node-8", false);
        createPod("hearth", "shard-7a", "k8s-worker-7", SERVING);
        createPod("hearth", "shard-7b", "k8s-worker-7", SERVING);
        createPod("hearth", "shard-8a", "k8s-worker-8", SERVING);
        createPod("monitoring", "node-exporter-7", "k8s-worker-7", Map.of("app", "node-exporter"));
        answerEviction("hearth", "shard-7a", 201);
        answerEviction("hearth", "shard-7b", 201);
        drainRequests();

        actuator().execute(isolate("node-7", "gpu-overheat", "hot"));

        assertThat(evictedPods(drainRequests())).containsExactlyInAnyOrder("hearth/shard-7a", "hearth/shard-7b");
    }

    @Test
    void aDisruptionBudgetRefusalIsARetryableFailureAfterTheNodeIsIsolated() throws Exception {
        createNode("k8s-worker-7", "node-7", false);
        createPod("hearth", "shard-7a", "k8s-worker-7", SERVING);
        createPod("hearth", "shard-7b", "k8s-worker-7", SERVING);
        answerEviction("hearth", "shard-7a", 429);
        answerEviction("hearth", "shard-7b", 201);

        try (KubernetesClient once = clientWithoutRetries()) {
            KubernetesActuator actuator = new KubernetesActuator(once, EvictionScope.inNamespace("hearth", SERVING));
            assertThatThrownBy(() -> actuator.execute(isolate("node-7", "gpu-overheat", "hot")))
                    .isInstanceOf(ActuationException.class)
                    .hasMessageContaining("retryable")
                    .hasMessageContaining("hearth/shard-7a")
                    .cause().isInstanceOfSatisfying(EvictionRefusedException.class, refusal -> {
                        assertThat(refusal.pods()).containsExactly("hearth/shard-7a");
                        assertThat(refusal.retryable()).isTrue();
                    });
        }
        assertThat(node("k8s-worker-7").getSpec().getUnschedulable()).isTrue();
    }

    @Test
    void restoreUndoesOnlyWhatHearthAdded() throws Exception {
        Taint foreign = new TaintBuilder().withKey("gpu.vendor/maintenance").withValue("firmware")
                .withEffect("NoExecute").build();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("k8s-worker-7")
                .addToLabels("hearth.dev/node", "node-7").addToLabels("zone", "street-3")
                .addToAnnotations("owner", "household-42").endMetadata()
                .withNewSpec().withUnschedulable(true).withTaints(foreign).endSpec().build()).create();
        KubernetesActuator actuator = actuator();

        actuator.execute(isolate("node-7", "gpu-overheat", "hot"));
        assertThat(node("k8s-worker-7").getSpec().getTaints()).hasSize(2);
        assertThat(node("k8s-worker-7").getMetadata().getAnnotations()).doesNotContainKey("hearth.dev/cordoned-by-hearth");
        actuator.execute(restore("node-7"));

        Node node = node("k8s-worker-7");
        assertThat(node.getSpec().getUnschedulable()).as("an operator's cordon stays").isTrue();
        assertThat(node.getSpec().getTaints()).containsExactly(foreign);
        assertThat(node.getMetadata().getLabels())
                .isEqualTo(Map.of("hearth.dev/node", "node-7", "zone", "street-3"));
        assertThat(node.getMetadata().getAnnotations()).isEqualTo(Map.of("owner", "household-42"));
    }

    @Test
    void restoreUncordonsANodeHearthCordoned() throws Exception {
        createNode("k8s-worker-7", "node-7", false);
        KubernetesActuator actuator = actuator();

        actuator.execute(isolate("node-7", "gpu-overheat", "hot"));
        actuator.execute(restore("node-7"));

        Node node = node("k8s-worker-7");
        assertThat(node.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
        assertThat(node.getSpec().getTaints()).isNullOrEmpty();
        assertThat(node.getMetadata().getLabels()).isEqualTo(Map.of("hearth.dev/node", "node-7"));
        assertThat(node.getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void isolatingAnIsolatedNodeSucceedsAndChangesNothing() throws Exception {
        createNode("k8s-worker-7", "node-7", false);
        KubernetesActuator actuator = actuator();
        actuator.execute(isolate("node-7", "gpu-overheat", "first reason"));
        Node afterFirst = node("k8s-worker-7");
        drainRequests();

        actuator.execute(isolate("node-7", "gpu-xid", "second reason"));

        assertThat(drainRequests()).extracting(RecordedRequest::getMethod).doesNotContain("PATCH", "PUT");
        Node afterSecond = node("k8s-worker-7");
        assertThat(afterSecond.getSpec()).isEqualTo(afterFirst.getSpec());
        assertThat(afterSecond.getMetadata().getAnnotations()).isEqualTo(afterFirst.getMetadata().getAnnotations())
                .containsEntry("hearth.dev/isolation-reason", "first reason");
    }

    @Test
    void restoringANodeHearthNeverIsolatedChangesNothing() throws Exception {
        createNode("k8s-worker-7", "node-7", true);
        drainRequests();

        actuator().execute(restore("node-7"));

        assertThat(drainRequests()).extracting(RecordedRequest::getMethod).doesNotContain("PATCH", "PUT");
        assertThat(node("k8s-worker-7").getSpec().getUnschedulable()).isTrue();
    }

    @Test
    void aNodeNoKubernetesNodeCarriesIsAClearError() {
        createNode("k8s-worker-7", "node-7", false);

        assertThatThrownBy(() -> actuator().execute(isolate("node-9", "gpu-overheat", "hot")))
                .isInstanceOf(ActuationException.class)
                .hasMessageContaining("no Kubernetes node carries label hearth.dev/node=node-9")
                .hasMessageContaining("kubectl label node <name> hearth.dev/node=node-9");
    }

    @Test
    void aNodeLabelOnSeveralKubernetesNodesIsAClearErrorAndTouchesNeither() {
        createNode("k8s-worker-7", "node-7", false);
        createNode("k8s-worker-7b", "node-7", false);

        assertThatThrownBy(() -> actuator().execute(isolate("node-7", "gpu-overheat", "hot")))
                .isInstanceOf(ActuationException.class)
                .hasMessageContaining("k8s-worker-7, k8s-worker-7b")
                .hasMessageContaining("hearth.dev/node=node-7");
        assertThat(node("k8s-worker-7").getSpec().getUnschedulable()).isNull();
        assertThat(node("k8s-worker-7b").getSpec().getUnschedulable()).isNull();
    }

    @Test
    void aNodeIdThatCannotBeALabelValueIsAClearError() {
        assertThatThrownBy(() -> actuator().execute(isolate("node 7/a", "gpu-overheat", "hot")))
                .isInstanceOf(ActuationException.class)
                .hasMessageContaining("'node 7/a' cannot be a Kubernetes label value");
    }

    @Test
    void otherActionTypesAreAWiringMistake() {
        assertThatThrownBy(() -> actuator().execute(new PlannedAction(ActionType.SET_POWER_STATE, "node-7", null,
                "cool down")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not SET_POWER_STATE");
    }

    private KubernetesActuator actuator() {
        return new KubernetesActuator(client, EvictionScope.allNamespaces(SERVING));
    }

    /**
     * The client without its own request retries, so each eviction is answered exactly once by the
     * expectation set up for it (a retried POST would reach the double's CRUD store instead).
     */
    private static KubernetesClient clientWithoutRetries() {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
    }

    private static PlannedAction isolate(String node, String kind, String reason) {
        Finding finding = new Finding(node, kind, Severity.CRITICAL, "test rule", T0,
                List.of(Sample.of(T0, node, "hearth_gpu_temperature_celsius", 95.0)), ActionType.ISOLATE, reason);
        return new PlannedAction(ActionType.ISOLATE, node, finding, reason);
    }

    private static PlannedAction restore(String node) {
        return new PlannedAction(ActionType.RESTORE, node, null, "healthy for the hold-down period");
    }

    private void createNode(String name, String hearthNode, boolean cordoned) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("hearth.dev/node", hearthNode).endMetadata()
                .withNewSpec().withUnschedulable(cordoned ? Boolean.TRUE : null).endSpec().build()).create();
    }

    private void createPod(String namespace, String name, String nodeName, Map<String, String> labels) {
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("main").withImage("hearth:test")
                .endContainer().endSpec().build()).create();
    }

    private void answerEviction(String namespace, String pod, int code) {
        server.expect().post().withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/eviction")
                .andReturn(code, new StatusBuilder().withCode(code)
                        .withMessage(code == 429 ? "Cannot evict pod as it would violate the pod's disruption budget."
                                : "evicted").build())
                .once();
    }

    private Node node(String name) {
        return client.nodes().withName(name).get();
    }

    /** Every request the double has received since the last call, oldest first. */
    private static List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
             r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
            requests.add(r);
        }
        return requests;
    }

    private static List<String> evictedPods(List<RecordedRequest> requests) {
        return requests.stream()
                .filter(r -> r.getMethod().equals("POST") && r.getPath().endsWith("/eviction"))
                .map(r -> r.getPath().replaceFirst("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/eviction$", "$1/$2"))
                .toList();
    }
}

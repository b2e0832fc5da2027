package dev.hearth.remediation.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The marks Hearth puts on a Kubernetes node to isolate it, and how it takes exactly those off again.
 * Pure: each method returns a changed copy, so the actuator can see whether anything would change at all.
 */
final class NodeMarks {
    /** Which Kubernetes node serves a Hearth node; set by whoever enrols the machine. */
    static final String NODE_LABEL = "hearth.dev/node";
    static final String TAINT_KEY = "hearth.dev/isolated";
    static final String TAINT_EFFECT = "NoSchedule";
    static final String STATE_LABEL = "hearth.dev/state";
    static final String ISOLATED = "isolated";
    static final String REASON_ANNOTATION = "hearth.dev/isolation-reason";
    /** Present only when the cordon is Hearth's: a node an operator cordoned stays cordoned on restore. */
    static final String CORDON_ANNOTATION = "hearth.dev/cordoned-by-hearth";
    /** Keeps a runaway reason from eating into the node's 256 KiB annotation budget. */
    static final int MAX_REASON_LENGTH = 1024;
    private static final String UNKNOWN_KIND = "unspecified";

    private NodeMarks() {
    }

    /**
     * The node cordoned, tainted {@code hearth.dev/isolated=<kind>:NoSchedule}, labelled
     * {@code hearth.dev/state=isolated} and annotated with the reason. Marks already present are kept as
     * they are, so isolating an isolated node changes nothing (the first reason stays).
     */
    static Node isolated(Node node, String faultKind, String reason) {
        Node out = new NodeBuilder(node).build();
        if (out.getSpec() == null) {
            out.setSpec(new NodeSpec());
        }
        Map<String, String> labels = mutable(out.getMetadata().getLabels());
        Map<String, String> annotations = mutable(out.getMetadata().getAnnotations());
        if (!Boolean.TRUE.equals(out.getSpec().getUnschedulable())) {
            out.getSpec().setUnschedulable(true);
            annotations.put(CORDON_ANNOTATION, "true");
        }
        List<Taint> taints = mutable(out.getSpec().getTaints());
        if (taints.stream().noneMatch(NodeMarks::isHearthTaint)) {
            taints.add(new TaintBuilder().withKey(TAINT_KEY).withValue(LabelValues.sanitise(faultKind, UNKNOWN_KIND))
                    .withEffect(TAINT_EFFECT).build());
        }
        labels.put(STATE_LABEL, ISOLATED);
        annotations.putIfAbsent(REASON_ANNOTATION, truncate(reason));
        out.getSpec().setTaints(taints);
        out.getMetadata().setLabels(labels);
        out.getMetadata().setAnnotations(annotations);
        return out;
    }

    /**
     * The node without Hearth's marks: its taint, state label and annotations go, and the cordon goes only
     * when Hearth set it. Foreign taints, labels and cordons are left alone.
     */
    static Node restored(Node node) {
        Node out = new NodeBuilder(node).build();
        Map<String, String> annotations = mutable(out.getMetadata().getAnnotations());
        boolean cordonIsHearths = "true".equals(annotations.remove(CORDON_ANNOTATION));
        annotations.remove(REASON_ANNOTATION);
        Map<String, String> labels = mutable(out.getMetadata().getLabels());
        labels.remove(STATE_LABEL, ISOLATED);
        // an absent list or map stays absent rather than becoming empty, so that nothing-to-undo compares equal
        out.getMetadata().setLabels(absentIfEmpty(labels, out.getMetadata().getLabels()));
        out.getMetadata().setAnnotations(absentIfEmpty(annotations, out.getMetadata().getAnnotations()));
        NodeSpec spec = out.getSpec();
        if (spec != null) {
            if (cordonIsHearths) {
                spec.setUnschedulable(null);
            }
            List<Taint> taints = mutable(spec.getTaints());
            taints.removeIf(NodeMarks::isHearthTaint);
            spec.setTaints(absentIfEmpty(taints, spec.getTaints()));
        }
        return out;
    }

    static boolean isHearthTaint(Taint taint) {
        return TAINT_KEY.equals(taint.getKey()) && TAINT_EFFECT.equals(taint.getEffect());
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }

    private static <T> List<T> absentIfEmpty(List<T> changed, List<T> before) {
        return changed.isEmpty() && before == null ? null : changed;
    }

    private static <K, V> Map<K, V> absentIfEmpty(Map<K, V> changed, Map<K, V> before) {
        return changed.isEmpty() && before == null ? null : changed;
    }

    private static <K, V> Map<K, V> mutable(Map<K, V> map) {
        return map == null ? new HashMap<>() : new HashMap<>(map);
    }

    private static <T> List<T> mutable(List<T> list) {
        return list == null ? new ArrayList<>() : new ArrayList<>(list);
    }
}

package dev.hearth.rules.scenario;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A finding a scenario expects, matched on node and kind; action, severity and since (from the
 * scenario's start) are checked when given.
 */
public record ExpectedFinding(String node, String kind, ActionType action, Severity severity, Duration since) {
    public ExpectedFinding {
        Objects.requireNonNull(node, "an expected finding needs a node, e.g. {node: node-2, kind: gpu-overheat}");
        Objects.requireNonNull(kind, "an expected finding needs a kind, e.g. {node: node-2, kind: gpu-overheat}");
    }

    boolean sameCondition(Finding f) {
        return node.equals(f.node()) && kind.equals(f.kind());
    }

    /** Why {@code f} (of the same node and kind) differs from this expectation, or null when it does not. */
    String mismatch(Finding f, Instant start) {
        if (action != null && action != f.suggestedAction()) {
            return describe() + ": action is " + f.suggestedAction();
        }
        if (severity != null && severity != f.severity()) {
            return describe() + ": severity is " + f.severity();
        }
        if (since != null && !start.plus(since).equals(f.since())) {
            return describe() + ": since is " + ScenarioDurations.format(Duration.between(start, f.since()));
        }
        return null;
    }

    String describe() {
        return node + " " + kind + (action == null ? "" : " " + action)
                + (severity == null ? "" : " " + severity)
                + (since == null ? "" : " since " + ScenarioDurations.format(since));
    }
}

package dev.hearth.rules.facts;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Xid error a GPU's driver logged: one fact per rise of the Xid counter (a rise of 2 between two
 * samples is two events at the later sample's time).
 *
 * @param pciBusId     the GPU's PCI address, which identifies it on the node
 * @param counterValue the Xid counter's value in the sample that showed the rise
 */
public record GpuEvent(String node, String pciBusId, int xid, long epochMillis, Map<String, String> labels,
                       double counterValue) implements Evidence {
    public GpuEvent {
        FactChecks.text(node, "a GPU event", "node");
        String fact = "GPU event of node " + node;
        Objects.requireNonNull(pciBusId, fact + " needs a pciBusId (\"\" when the log names none)");
        if (xid <= 0) {
            throw new IllegalArgumentException(fact + " has Xid " + xid + "; Xid codes are positive integers");
        }
        labels = Map.copyOf(Objects.requireNonNull(labels, fact + " needs labels"));
        FactChecks.finite(counterValue, fact, "counterValue");
    }

    @Override
    public List<Sample> samples() {
        return List.of(new Sample(Instant.ofEpochMilli(epochMillis), node, MetricCatalogue.GPU_XID_EVENTS.name(),
                labels, counterValue));
    }

    @Override
    public long sinceMillis() {
        return epochMillis;
    }
}

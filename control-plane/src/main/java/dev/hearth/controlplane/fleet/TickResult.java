package dev.hearth.controlplane.fleet;

import dev.hearth.collector.CollectionResult;
import dev.hearth.model.Finding;
import dev.hearth.remediation.AuditEntry;

import java.time.Instant;
import java.util.List;

/** What one control-loop cycle saw and did. */
public record TickResult(Instant at, CollectionResult collection, List<Finding> findings,
                         List<AuditEntry> decisions) {
}

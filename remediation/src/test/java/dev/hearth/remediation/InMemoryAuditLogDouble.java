package dev.hearth.remediation;

import java.util.ArrayList;
import java.util.List;

/** Test double of the audit log: keeps entries in memory and can be made unavailable. */
final class InMemoryAuditLogDouble implements AuditLog {
    final List<AuditEntry> entries = new ArrayList<>();
    boolean unavailable;

    @Override
    public void append(AuditEntry entry) {
        if (unavailable) {
            throw new AuditUnavailableException("audit double is unavailable", null);
        }
        entries.add(entry);
    }

    @Override
    public List<AuditEntry> recent(int limit) {
        List<AuditEntry> reversed = new ArrayList<>(entries);
        java.util.Collections.reverse(reversed);
        return reversed.subList(0, Math.min(limit, reversed.size()));
    }
}

package dev.hearth.remediation;

import java.util.List;

/** Append-only record of every remediation decision. */
public interface AuditLog {

    /** @throws AuditUnavailableException when the entry could not be stored */
    void append(AuditEntry entry);

    /** The newest entries, newest first. */
    List<AuditEntry> recent(int limit);
}

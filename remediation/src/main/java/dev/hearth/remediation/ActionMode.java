package dev.hearth.remediation;

/** How remediation carries out actions of one type. */
public enum ActionMode {
    /** Carried out as soon as the guard allows. */
    AUTOMATIC,
    /** Waits in the pending list until an operator approves or rejects it, or it expires. */
    APPROVAL,
    /** Planned, guarded and recorded, never carried out. */
    DRY_RUN
}

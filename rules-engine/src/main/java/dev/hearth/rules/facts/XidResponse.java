package dev.hearth.rules.facts;

/** What the GPU rules do about one Xid code. */
public enum XidResponse {
    /** Take the GPU out of service and open a repair ticket: it needs hands (e.g. a GPU off the bus). */
    ISOLATE_AND_REPAIR,
    /** Take the GPU out of service until it is reset or repaired (uncontained memory errors). */
    ISOLATE,
    /** Restart the serving process; isolate the GPU when the error repeats on it within 24 h. */
    RESTART_SERVICE,
    /** Record it; no action (corrected or informational events). */
    RECORD
}

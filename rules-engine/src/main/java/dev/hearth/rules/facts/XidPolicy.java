package dev.hearth.rules.facts;

import java.util.Objects;

/**
 * How the GPU rules treat one Xid code, as a fact so rules join events with it instead of listing codes.
 *
 * @param name             the driver's name for the code
 * @param catalogueAction  the action NVIDIA's Xid catalogue recommends (e.g. {@code RESTART_BM}), kept so a
 *                         test can check this table against the catalogue
 * @param fatal            the catalogue marks the code FATAL
 */
public record XidPolicy(int xid, String name, XidResponse response, String catalogueAction, boolean fatal) {
    public XidPolicy {
        if (xid <= 0) {
            throw new IllegalArgumentException("Xid policy for code " + xid + ": Xid codes are positive integers");
        }
        FactChecks.text(name, "Xid policy " + xid, "name");
        Objects.requireNonNull(response, () -> "Xid policy " + xid + " needs a response");
        FactChecks.text(catalogueAction, "Xid policy " + xid, "catalogueAction");
    }

    /** Counts toward replacing the GPU: every code the policy acts on, not the ones it only records. */
    public boolean isFault() {
        return response != XidResponse.RECORD;
    }
}

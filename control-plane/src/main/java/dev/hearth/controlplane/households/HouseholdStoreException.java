package dev.hearth.controlplane.households;

/** The household table could not be read or written (database down, or not migrated). */
public final class HouseholdStoreException extends RuntimeException {
    public HouseholdStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

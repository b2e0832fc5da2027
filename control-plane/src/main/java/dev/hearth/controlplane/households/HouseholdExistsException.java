package dev.hearth.controlplane.households;

/** A household of that name is already registered. */
public final class HouseholdExistsException extends RuntimeException {
    public HouseholdExistsException(String name) {
        super("a household named '" + name + "' already exists; pick another name"
                + " (./hearth households list shows the names taken)");
    }
}

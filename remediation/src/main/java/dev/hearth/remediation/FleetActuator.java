package dev.hearth.remediation;

/** Carries out an allowed action on the fleet (the gateway's admin API in a Hearth fleet). */
public interface FleetActuator {

    /** @throws ActuationException when the fleet did not take the action */
    void execute(PlannedAction action) throws ActuationException;
}

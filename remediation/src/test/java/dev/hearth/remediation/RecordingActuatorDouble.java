package dev.hearth.remediation;

import java.util.ArrayList;
import java.util.List;

/** Test double of the fleet: records the actions it is asked to carry out, or fails them. */
final class RecordingActuatorDouble implements FleetActuator {
    final List<PlannedAction> executed = new ArrayList<>();
    String failWith;

    @Override
    public void execute(PlannedAction action) throws ActuationException {
        if (failWith != null) {
            throw new ActuationException(failWith, null);
        }
        executed.add(action);
    }
}

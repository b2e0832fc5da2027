package dev.hearth.controlplane.fleet;

import dev.hearth.model.ActionType;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.PlannedAction;
import dev.hearth.remediation.Planner;

/** Isolates and restores nodes through the gateway's admin API; a node restored into the reserve stays unrouted. */
public final class HttpFleetActuator implements FleetActuator {
    private final GatewayAdmin gateway;

    public HttpFleetActuator(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @Override
    public void execute(PlannedAction action) throws ActuationException {
        if (action.type() != ActionType.ISOLATE && action.type() != ActionType.RESTORE) {
            throw new ActuationException("the gateway admin API isolates and restores nodes; it cannot "
                    + action.type().name().toLowerCase(java.util.Locale.ROOT), null);
        }
        if (action.type() == ActionType.RESTORE && Planner.AS_STANDBY.equals(action.parameter(Planner.RESTORE_AS))) {
            return; // it rejoins the reserve: the gateway goes on not routing to it
        }
        gateway.setRoutable(action.node(), action.type() == ActionType.RESTORE);
    }
}

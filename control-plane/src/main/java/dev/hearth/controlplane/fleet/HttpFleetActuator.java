package dev.hearth.controlplane.fleet;

import dev.hearth.model.ActionType;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.LoadWeights;
import dev.hearth.remediation.PlannedAction;
import dev.hearth.remediation.Planner;

/**
 * Isolates, restores and weights nodes through the gateway's admin API; a node restored into the
 * reserve stays unrouted.
 */
public final class HttpFleetActuator implements FleetActuator {
    private final GatewayAdmin gateway;

    public HttpFleetActuator(GatewayAdmin gateway) {
        this.gateway = gateway;
    }

    @Override
    public void execute(PlannedAction action) throws ActuationException {
        if (action.type() == ActionType.REBALANCE) {
            String weights = action.parameter(Planner.WEIGHTS);
            if (weights == null) {
                throw new ActuationException("a rebalance of the gateway needs the weights to set; this one names none"
                        + " (" + action.reason() + ")", null);
            }
            try {
                gateway.setWeights(LoadWeights.parse(weights));
            } catch (IllegalArgumentException e) {
                throw new ActuationException(e.getMessage(), e);
            }
            return;
        }
        if (action.type() != ActionType.ISOLATE && action.type() != ActionType.RESTORE) {
            throw new ActuationException("the gateway admin API isolates, restores and weights nodes; it cannot "
                    + action.type().name().toLowerCase(java.util.Locale.ROOT), null);
        }
        if (action.type() == ActionType.RESTORE && Planner.AS_STANDBY.equals(action.parameter(Planner.RESTORE_AS))) {
            return; // it rejoins the reserve: the gateway goes on not routing to it
        }
        gateway.setRoutable(action.node(), action.type() == ActionType.RESTORE);
    }
}

package dev.hearth.controlplane.fleet;

import dev.hearth.model.ActionType;
import dev.hearth.remediation.ActionModes;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.RetryPolicy;
import dev.hearth.rules.RulePack;

import java.util.Map;

/**
 * How a local fleet's remediation runs beyond its guard policy: the mode of each action type, backends
 * for action types the fleet itself cannot carry out (a ticket desk, a power controller), how backend
 * calls are retried, and the rules that raise findings.
 *
 * @param backends override or add backends by action type; isolate and restore go to the gateway otherwise
 */
public record RemediationSetup(ActionModes modes, Map<ActionType, FleetActuator> backends, RetryPolicy retry,
                               RulePack rules) {
    public RemediationSetup {
        backends = Map.copyOf(backends);
    }

    /** Every action automatic, the built-in rules, no extra backends. */
    public static RemediationSetup defaults() {
        return new RemediationSetup(ActionModes.automatic(), Map.of(), RetryPolicy.defaults(), RulePack.builtIn());
    }

    public RemediationSetup withModes(ActionModes next) {
        return new RemediationSetup(next, backends, retry, rules);
    }
}

package dev.hearth.controlplane.fleet;

import dev.hearth.model.ActionType;
import dev.hearth.remediation.ActionModes;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.RetryPolicy;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.authoring.RuleCompiler;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a local fleet's remediation runs beyond its guard policy: the mode of each action type, backends
 * for action types the fleet itself cannot carry out (a ticket desk, a power controller), how backend
 * calls are retried, and the rules that raise findings.
 *
 * @param backends       override or add backends by action type; isolate and restore go to the gateway otherwise
 * @param rulesDirectory where {@code rules} were read from, to reload them when the files change; empty for
 *                       rules that do not come from a directory
 */
public record RemediationSetup(ActionModes modes, Map<ActionType, FleetActuator> backends, RetryPolicy retry,
                               RulePack rules, Optional<Path> rulesDirectory) {
    public RemediationSetup {
        backends = Map.copyOf(backends);
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(rulesDirectory, "rulesDirectory");
    }

    public RemediationSetup(ActionModes modes, Map<ActionType, FleetActuator> backends, RetryPolicy retry,
                            RulePack rules) {
        this(modes, backends, retry, rules, Optional.empty());
    }

    /** Every action automatic, the built-in rules, no extra backends. */
    public static RemediationSetup defaults() {
        return new RemediationSetup(ActionModes.automatic(), Map.of(), RetryPolicy.defaults(), RulePack.builtIn());
    }

    public RemediationSetup withModes(ActionModes next) {
        return new RemediationSetup(next, backends, retry, rules, rulesDirectory);
    }

    /**
     * The rules of {@code directory} instead of the built-in ones, reloaded while the fleet runs.
     *
     * @throws dev.hearth.rules.RuleCompilationException when they do not compile, naming file and line
     */
    public RemediationSetup withRulesDirectory(Path directory) {
        RulePack pack = RulePack.fromDirectory(directory);
        new RuleCompiler().compile(pack); // refuse to start on rules that do not compile
        return new RemediationSetup(modes, backends, retry, pack, Optional.of(directory));
    }
}

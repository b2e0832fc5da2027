package dev.hearth.remediation.power;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.PlannedAction;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Carries out {@link ActionType#SET_POWER_STATE}: sets the GPU power limit ({@code nvidia-smi -i <gpu> -pl <watts>})
 * and, where the policy gives them, application clocks ({@code -ac}). Only GPUs of this machine can be reached
 * that way, so a node needs an entry in {@code localGpus}; for any other node, or where nvidia-smi is not
 * installed, the state is recorded in {@link SimulatedPowerStates} and reported as simulated instead.
 *
 * <p>The target comes from the finding: an evidence sample labelled {@value #TARGET_WATTS_LABEL} names the watts
 * (the newest such sample wins); otherwise kind {@value PowerPolicy#LOW_KIND}, {@value PowerPolicy#BALANCED_KIND} (halfway) or {@value PowerPolicy#HIGH_KIND}
 * picks the policy's level. Node {@value #FLEET} means every GPU in {@code localGpus}.
 */
public final class PowerStateActuator implements FleetActuator {
    /** The action types to route here. */
    public static final Set<ActionType> HANDLED = Set.of(ActionType.SET_POWER_STATE);
    /** The node name of an action meant for the whole fleet. */
    public static final String FLEET = "fleet";
    public static final String TARGET_WATTS_LABEL = "target_watts";
    static final String NVIDIA_SMI = "nvidia-smi";

    private final CommandRunner runner;
    private final PowerPolicy policy;
    private final Map<String, Integer> localGpus;
    private final SimulatedPowerStates simulated;
    private final Duration commandTimeout;
    private final ConcurrentMap<String, PowerState> last = new ConcurrentHashMap<>();

    /**
     * @param localGpus      Hearth node id → index of its GPU on this machine (as {@code nvidia-smi -L} numbers them)
     * @param commandTimeout how long one nvidia-smi call may take before it is killed
     */
    public PowerStateActuator(CommandRunner runner, PowerPolicy policy, Map<String, Integer> localGpus,
                              SimulatedPowerStates simulated, Duration commandTimeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.localGpus = Map.copyOf(localGpus);
        this.localGpus.forEach((node, gpu) -> {
            if (gpu < 0) {
                throw new IllegalArgumentException("GPU index " + gpu + " of node " + node + " is negative;"
                        + " use the index nvidia-smi -L prints");
            }
        });
        this.simulated = Objects.requireNonNull(simulated, "simulated");
        if (commandTimeout.isZero() || commandTimeout.isNegative()) {
            throw new IllegalArgumentException("nvidia-smi timeout must be positive, not " + commandTimeout);
        }
        this.commandTimeout = commandTimeout;
    }

    @Override
    public void execute(PlannedAction action) throws ActuationException {
        if (!HANDLED.contains(action.type())) {
            throw new IllegalArgumentException("PowerStateActuator carries out " + HANDLED + ", not " + action.type()
                    + " (node " + action.node() + "); route that type to its own actuator");
        }
        Target target = target(action);
        if (FLEET.equals(action.node()) && !localGpus.isEmpty()) {
            for (String node : new TreeSet<>(localGpus.keySet())) {
                apply(node, target);
            }
        } else {
            apply(action.node(), target);
        }
    }

    /** The state the node was last put in by this actuator, applied or simulated. */
    public Optional<PowerState> lastState(String node) {
        return Optional.ofNullable(last.get(node));
    }

    private record Target(int watts, ApplicationClocks clocks) {
    }

    private Target target(PlannedAction action) throws ActuationException {
        Finding finding = action.cause();
        if (finding == null) {
            throw new ActuationException("SET_POWER_STATE of node " + action.node() + " comes without a finding, so"
                    + " nothing says which state; plan it from a finding of kind " + PowerPolicy.LOW_KIND + " or "
                    + PowerPolicy.HIGH_KIND, null);
        }
        List<Sample> evidence = new ArrayList<>(finding.evidence());
        for (int i = evidence.size() - 1; i >= 0; i--) {
            String label = evidence.get(i).label(TARGET_WATTS_LABEL);
            if (!label.isEmpty()) {
                return new Target(watts(label, action), null);
            }
        }
        if (PowerPolicy.LOW_KIND.equals(finding.kind())) {
            return new Target(policy.lowWatts(), policy.lowClocks());
        }
        if (PowerPolicy.HIGH_KIND.equals(finding.kind())) {
            return new Target(policy.highWatts(), policy.highClocks());
        }
        if (PowerPolicy.BALANCED_KIND.equals(finding.kind())) {
            // halfway between the two limits, at the card's default clocks
            return new Target((policy.lowWatts() + policy.highWatts()) / 2, null);
        }
        throw new ActuationException("cannot tell which power state SET_POWER_STATE of node " + action.node()
                + " asks for: finding kind '" + finding.kind() + "' is none of " + PowerPolicy.LOW_KIND + ", "
                + PowerPolicy.BALANCED_KIND + ", " + PowerPolicy.HIGH_KIND
                + " and no evidence sample carries label " + TARGET_WATTS_LABEL
                + "; fix rule '" + finding.rule() + "'", null);
    }

    private int watts(String label, PlannedAction action) throws ActuationException {
        int watts;
        try {
            watts = Integer.parseInt(label.strip());
        } catch (NumberFormatException e) {
            throw new ActuationException("evidence label " + TARGET_WATTS_LABEL + "='" + label + "' for node "
                    + action.node() + " is not a whole number of watts", e);
        }
        if (watts < policy.lowWatts() || watts > policy.highWatts()) {
            // the policy bounds what automation may set, whatever a rule asks for
            throw new ActuationException("power limit " + watts + " W asked for node " + action.node()
                    + " lies outside the policy's " + policy.lowWatts() + "-" + policy.highWatts()
                    + " W; change the rule or widen the policy", null);
        }
        return watts;
    }

    private void apply(String node, Target target) throws ActuationException {
        Integer gpu = localGpus.get(node);
        if (gpu == null) {
            simulate(node, target, "no GPU of node " + node + " is attached to this machine");
            return;
        }
        CommandResult limit;
        try {
            limit = runner.run(List.of(NVIDIA_SMI, "-i", gpu.toString(), "-pl", Integer.toString(target.watts())),
                    commandTimeout);
        } catch (IOException e) {
            simulate(node, target, NVIDIA_SMI + " cannot be started here (" + e.getMessage() + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActuationException("interrupted while setting the power state of node " + node, e);
        }
        check(limit, node, gpu, "power limit " + target.watts() + " W", "-pl " + target.watts());
        String detail = "power limit " + target.watts() + " W set on GPU " + gpu;
        if (target.clocks() != null) {
            detail += "; " + applyClocks(node, gpu, target.clocks());
        }
        PowerState state = new PowerState(node, target.watts(), target.clocks(), PowerStateMode.APPLIED, detail);
        last.put(node, state);
        simulated.forget(node);
    }

    private String applyClocks(String node, int gpu, ApplicationClocks clocks) throws ActuationException {
        String value = clocks.memoryMhz() + "," + clocks.graphicsMhz();
        CommandResult result = runCommand(List.of(NVIDIA_SMI, "-i", Integer.toString(gpu), "-ac", value), node);
        if (!result.timedOut() && result.exitCode() != 0
                && result.output().toLowerCase(Locale.ROOT).contains("not supported")) {
            // GeForce cards refuse application clocks; the power limit alone still does the job
            return "application clocks not supported by this GPU, left as they were";
        }
        check(result, node, gpu, "application clocks " + value + " MHz", "-ac " + value);
        return "application clocks " + value + " MHz set";
    }

    private CommandResult runCommand(List<String> command, String node) throws ActuationException {
        try {
            return runner.run(command, commandTimeout);
        } catch (IOException e) {
            throw new ActuationException(NVIDIA_SMI + " could not be started for node " + node + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActuationException("interrupted while setting the power state of node " + node, e);
        }
    }

    private void check(CommandResult result, String node, int gpu, String what, String args)
            throws ActuationException {
        if (result.timedOut()) {
            throw new ActuationException(NVIDIA_SMI + " -i " + gpu + " " + args + " for node " + node
                    + " did not finish within " + commandTimeout.toMillis() + " ms and was killed; the driver may"
                    + " be hung (check dmesg for Xid errors)", null);
        }
        if (result.exitCode() != 0) {
            throw new ActuationException(NVIDIA_SMI + " refused " + what + " on GPU " + gpu + " of node " + node
                    + " (exit " + result.exitCode() + "): " + result.output().strip()
                    + "; it needs root and a value the card accepts (nvidia-smi -q -d POWER,CLOCK shows the range)",
                    null);
        }
    }

    private void simulate(String node, Target target, String why) {
        PowerState state = new PowerState(node, target.watts(), target.clocks(), PowerStateMode.SIMULATED,
                "simulated: " + why);
        simulated.record(state);
        last.put(node, state);
    }
}

package dev.hearth.remediation.power;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.PlannedAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PowerStateActuatorTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final PowerPolicy POLICY = new PowerPolicy(150, 250);
    private static final Map<String, Integer> NODE_1_ON_GPU_0 = Map.of("node-1", 0);
    private final SimulatedPowerStates simulated = new SimulatedPowerStates();

    @Test
    void powerLowSetsThePolicysLowLimitOnTheNodesGpu() throws Exception {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.succeeding();
        PowerStateActuator actuator = actuator(runner, POLICY, NODE_1_ON_GPU_0);

        actuator.execute(action("node-1", "power-state-low"));

        assertThat(runner.commands()).containsExactly(List.of("nvidia-smi", "-i", "0", "-pl", "150"));
        assertThat(actuator.lastState("node-1").orElseThrow().mode()).isEqualTo(PowerStateMode.APPLIED);
        assertThat(simulated.all()).isEmpty();
    }

    @Test
    void theAppliedStateIsReported() throws Exception {
        PowerStateActuator actuator = actuator(ScriptedCommandRunnerDouble.succeeding(), POLICY, NODE_1_ON_GPU_0);

        actuator.execute(action("node-1", "power-state-high"));

        assertThat(actuator.lastState("node-1")).contains(new PowerState("node-1", 250, null, PowerStateMode.APPLIED,
                "power limit 250 W set on GPU 0"));
    }

    @Test
    void aBalancedStateSitsHalfwayBetweenThePolicysLimits() throws Exception {
        PowerStateActuator actuator = actuator(ScriptedCommandRunnerDouble.succeeding(), POLICY, NODE_1_ON_GPU_0);

        actuator.execute(action("node-1", "power-state-balanced"));

        assertThat(actuator.lastState("node-1")).contains(new PowerState("node-1", 200, null, PowerStateMode.APPLIED,
                "power limit 200 W set on GPU 0"));
    }

    @Test
    void applicationClocksAreSetWhereThePolicyGivesThem() throws Exception {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.succeeding();
        PowerPolicy withClocks = new PowerPolicy(150, 250, new ApplicationClocks(5001, 1350), null);
        PowerStateActuator actuator = actuator(runner, withClocks, NODE_1_ON_GPU_0);

        actuator.execute(action("node-1", "power-state-low"));

        assertThat(runner.commands()).containsExactly(List.of("nvidia-smi", "-i", "0", "-pl", "150"),
                List.of("nvidia-smi", "-i", "0", "-ac", "5001,1350"));
        assertThat(actuator.lastState("node-1").orElseThrow().detail())
                .isEqualTo("power limit 150 W set on GPU 0; application clocks 5001,1350 MHz set");
    }

    @Test
    void aGpuWithoutSettableClocksStillTakesThePowerLimit() throws Exception {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.answering(command -> command.contains("-ac")
                ? new CommandResult(3, "Setting applications clocks is not supported for GPU 00000000:01:00.0.", false)
                : new CommandResult(0, "Power limit set.", false));
        PowerPolicy withClocks = new PowerPolicy(150, 250, new ApplicationClocks(5001, 1350), null);
        PowerStateActuator actuator = actuator(runner, withClocks, NODE_1_ON_GPU_0);

        actuator.execute(action("node-1", "power-state-low"));

        PowerState state = actuator.lastState("node-1").orElseThrow();
        assertThat(state.mode()).isEqualTo(PowerStateMode.APPLIED);
        assertThat(state.detail()).isEqualTo("power limit 150 W set on GPU 0;"
                + " application clocks not supported by this GPU, left as they were");
    }

    @Test
    void aTargetWattsLabelOnTheEvidenceWinsOverTheKind() throws Exception {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.succeeding();
        Sample older = new Sample(T0, "node-1", "hearth_gpu_power_watts", Map.of("target_watts", "170"), 240);
        Sample newer = new Sample(T0.plusSeconds(10), "node-1", "hearth_gpu_power_watts",
                Map.of("target_watts", "180"), 245);

        actuator(runner, POLICY, NODE_1_ON_GPU_0).execute(action("node-1", "power-state-low", older, newer));

        assertThat(runner.commands()).containsExactly(List.of("nvidia-smi", "-i", "0", "-pl", "180"));
    }

    @Test
    void aTargetOutsideThePolicyIsRefused() {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.succeeding();
        Sample tooLow = new Sample(T0, "node-1", "hearth_gpu_power_watts", Map.of("target_watts", "90"), 240);

        assertThatThrownBy(() -> actuator(runner, POLICY, NODE_1_ON_GPU_0)
                .execute(action("node-1", "power-state-low", tooLow)))
                .isInstanceOf(ActuationException.class)
                .hasMessageContaining("power limit 90 W asked for node node-1 lies outside the policy's 150-250 W");
        assertThat(runner.commands()).isEmpty();
    }

    @Test
    void withoutNvidiaSmiTheStateIsSimulated() throws Exception {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.withoutNvidiaSmi();
        PowerStateActuator actuator = actuator(runner, POLICY, NODE_1_ON_GPU_0);

        actuator.execute(action("node-1", "power-state-low"));

        PowerState expected = new PowerState("node-1", 150, null, PowerStateMode.SIMULATED,
                "simulated: nvidia-smi cannot be started here (Cannot run program \"nvidia-smi\": error=2,"
                        + " No such file or directory)");
        assertThat(simulated.all()).isEqualTo(Map.of("node-1", expected));
        assertThat(actuator.lastState("node-1")).contains(expected);
    }

    @Test
    void aNodeWhoseGpuIsNotOnThisMachineIsSimulatedWithoutRunningAnything() throws Exception {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.succeeding();

        actuator(runner, POLICY, NODE_1_ON_GPU_0).execute(action("node-2", "power-state-high"));

        assertThat(runner.commands()).isEmpty();
        assertThat(simulated.get("node-2")).contains(new PowerState("node-2", 250, null, PowerStateMode.SIMULATED,
                "simulated: no GPU of node node-2 is attached to this machine"));
    }

    @Test
    void applyingForRealReplacesAnEarlierSimulation() throws Exception {
        actuator(ScriptedCommandRunnerDouble.withoutNvidiaSmi(), POLICY, NODE_1_ON_GPU_0)
                .execute(action("node-1", "power-state-low"));
        assertThat(simulated.get("node-1")).isPresent();

        actuator(ScriptedCommandRunnerDouble.succeeding(), POLICY, NODE_1_ON_GPU_0)
                .execute(action("node-1", "power-state-high"));

        assertThat(simulated.get("node-1")).isEmpty();
    }

    @Test
    void aRefusalByNvidiaSmiFailsTheActionWithItsOutputAndTheFix() {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.answering(command ->
                new CommandResult(4, "Changing power management limit is not supported in current scope for GPU:"
                        + " 00000000:01:00.0.\nInsufficient Permissions\n", false));

        assertThatThrownBy(() -> actuator(runner, POLICY, NODE_1_ON_GPU_0).execute(action("node-1", "power-state-low")))
                .isInstanceOf(ActuationException.class)
                .hasMessageContaining("nvidia-smi refused power limit 150 W on GPU 0 of node node-1 (exit 4)")
                .hasMessageContaining("Insufficient Permissions")
                .hasMessageContaining("it needs root");
        assertThat(simulated.all()).isEmpty();
    }

    @Test
    void aHungNvidiaSmiFailsTheAction() {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.answering(command ->
                new CommandResult(-1, "", true));

        assertThatThrownBy(() -> actuator(runner, POLICY, NODE_1_ON_GPU_0).execute(action("node-1", "power-state-low")))
                .isInstanceOf(ActuationException.class)
                .hasMessageContaining("nvidia-smi -i 0 -pl 150 for node node-1 did not finish within 5000 ms");
    }

    @Test
    void theFleetNodeMeansEveryGpuOfThisMachine() throws Exception {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.succeeding();

        actuator(runner, POLICY, Map.of("node-1", 0, "node-2", 1)).execute(action("fleet", "power-state-low"));

        assertThat(runner.commands()).containsExactly(List.of("nvidia-smi", "-i", "0", "-pl", "150"),
                List.of("nvidia-smi", "-i", "1", "-pl", "150"));
    }

    @Test
    void aFindingThatNamesNoStateIsAClearError() {
        ScriptedCommandRunnerDouble runner = ScriptedCommandRunnerDouble.succeeding();
        PowerStateActuator actuator = actuator(runner, POLICY, NODE_1_ON_GPU_0);

        assertThatThrownBy(() -> actuator.execute(action("node-1", "gpu-overheat")))
                .isInstanceOf(ActuationException.class)
                .hasMessageContaining("finding kind 'gpu-overheat' is none of power-state-low, power-state-balanced, power-state-high")
                .hasMessageContaining("fix rule 'power rule'");
        assertThatThrownBy(() -> actuator.execute(new PlannedAction(ActionType.SET_POWER_STATE, "node-1", null, "x")))
                .isInstanceOf(ActuationException.class)
                .hasMessageContaining("comes without a finding");
        assertThat(runner.commands()).isEmpty();
    }

    @Test
    void badConfigurationIsRefusedWithTheFix() {
        assertThatThrownBy(() -> new PowerPolicy(260, 250))
                .hasMessageContaining("0 < lowWatts <= highWatts, got low 260 W and high 250 W");
        assertThatThrownBy(() -> actuator(ScriptedCommandRunnerDouble.succeeding(), POLICY, Map.of("node-1", -1)))
                .hasMessageContaining("GPU index -1 of node node-1 is negative");
    }

    private PowerStateActuator actuator(CommandRunner runner, PowerPolicy policy, Map<String, Integer> gpus) {
        return new PowerStateActuator(runner, policy, gpus, simulated, Duration.ofSeconds(5));
    }

    private static PlannedAction action(String node, String kind, Sample... evidence) {
        List<Sample> samples = evidence.length == 0
                ? List.of(Sample.of(T0, node, "hearth_gpu_temperature_celsius", 84.0)) : List.of(evidence);
        Finding finding = new Finding(node, kind, Severity.WARNING, "power rule", T0, samples,
                ActionType.SET_POWER_STATE, "GPU near its thermal limit");
        return new PlannedAction(ActionType.SET_POWER_STATE, node, finding, "cool the GPU down");
    }
}

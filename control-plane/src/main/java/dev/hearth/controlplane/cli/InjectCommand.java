package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.controlplane.admin.FaultRequest;
import dev.hearth.controlplane.sim.Fault;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "inject", mixinStandardHelpOptions = true,
        description = {"Inject a hardware fault into a node of the local fleet.",
                "overheat: the GPU jumps past 90 °C and keeps rising, inlet air heats up.",
                "xid-N (13, 31, 43, 48, 63, 64, 79, 92, 94, 95): the GPU driver logs Xid N once;",
                "  xid-79 (fell off the bus) also makes nvidia-smi fail until cleared.",
                "clear: remove the fault; the node serves again after the hold-down."})
public final class InjectCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "FAULT", description = "One of: overheat, xid-13, xid-31, xid-43, xid-48, xid-63, xid-64, xid-79, xid-92, "
            + "xid-94, xid-95, clear.")
    String fault;

    @Option(names = "--node", required = true, paramLabel = "NODE", description = "The node, e.g. node-2.")
    String node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            Fault.parse(fault);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        JsonNode r = admin.client().post("/api/faults", new FaultRequest(node, fault));
        spec.commandLine().getOut().printf("injected %s into %s at %s%n", r.path("fault").asText(),
                r.path("node").asText(), r.path("at").asText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package dev.hearth.controlplane.cli;

import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.admin.FleetStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each node's state and, for an isolated node, why.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean asJson;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AdminClient client = admin.client();
        if (asJson) {
            out.println(Json.newMapper().writerWithDefaultPrettyPrinter().writeValueAsString(client.get("/api/status")));
        } else {
            out.println(StatusText.table(client.get("/api/status", FleetStatus.class)));
        }
        out.flush();
        return 0;
    }
}

package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve a waiting action: the guard checks it against the fleet as it is now, then it is carried out.")
public final class ActionsApproveCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "ID", description = "The action's id, as ./hearth actions list shows it.")
    String id;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!id.matches("[0-9a-f]{12}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "action id '" + id
                    + "' is not 12 hexadecimal digits; ./hearth actions list shows the ids");
        }
        JsonNode e = admin.client().post("/api/actions/" + id + "/approve", Map.of());
        spec.commandLine().getOut().printf("%s %s %s: %s — %s%n", id, e.path("action").asText()
                .toLowerCase(java.util.Locale.ROOT).replace('_', '-'), e.path("node").asText(),
                e.path("outcome").asText().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), e.path("reason").asText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}

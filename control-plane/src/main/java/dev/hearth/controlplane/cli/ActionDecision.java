package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;

import java.util.Locale;
import java.util.Map;

/** Approving and rejecting a waiting action differ only in the verb sent to the admin API. */
final class ActionDecision {
    private ActionDecision() {
    }

    /** Sends {@code verb} ("approve" or "reject") for action {@code id} and prints what became of it. */
    static int send(AdminOptions admin, CommandLine.Model.CommandSpec spec, String id, String verb) {
        if (!id.matches("[0-9a-f]{12}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "action id '" + id
                    + "' is not 12 hexadecimal digits; ./hearth actions list shows the ids");
        }
        JsonNode e = admin.client().post("/api/actions/" + id + "/" + verb, Map.of());
        spec.commandLine().getOut().printf("%s %s %s: %s — %s%n", id,
                e.path("action").asText().toLowerCase(Locale.ROOT).replace('_', '-'), e.path("node").asText(),
                e.path("outcome").asText().toLowerCase(Locale.ROOT).replace('_', ' '), e.path("reason").asText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}

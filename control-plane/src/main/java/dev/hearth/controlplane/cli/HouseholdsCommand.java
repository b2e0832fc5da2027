package dev.hearth.controlplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "households", mixinStandardHelpOptions = true,
        description = {"List the fleet's households or add one.",
                "Each household has an API key, sent as 'Authorization: Bearer <key>';",
                "quotas the gateway enforces (tokens a minute, requests at once);",
                "a KV-cache allowance; and a weight, its share when requests queue."},
        subcommands = {HouseholdsListCommand.class, HouseholdsAddCommand.class})
public final class HouseholdsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is needed: households list, or households add NAME");
    }
}

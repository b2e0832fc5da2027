package dev.hearth.controlplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Collect once from one source and print its normalised samples, one per line",
                "(metric{labels} value unit), or the error for that target: for debugging a source."},
        subcommands = {CollectRedfishCommand.class, CollectIpmiCommand.class, CollectGpuCommand.class,
                CollectScrapeCommand.class})
public final class CollectCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is needed: collect redfish, collect ipmi, collect gpu or collect scrape");
    }
}

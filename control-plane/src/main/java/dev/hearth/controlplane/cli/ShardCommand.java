package dev.hearth.controlplane.cli;

import dev.hearth.node.shard.ShardMain;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "shard", mixinStandardHelpOptions = true,
        description = {"Serve part of a model to the other nodes over TCP, until standard input closes:",
                "  --node NAME (--model DIR | --preset tiny|small --seed S) [--context N] [--kernels scalar|vector]",
                "  [--port P] [--metrics-port P] [--wire lossless|adaptive]",
                "  --layers FROM-TO [--hold-experts M:R] [--expert-peer HOST:PORT:M:R]...   a pipeline stage",
                "  --experts-only M:R                                                     routed experts e % M == R",
                "  (neither)                                                              whatever placements pushed to it assign"})
public final class ShardCommand implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return ShardMain.run(args.toArray(new String[0]), spec.commandLine().getOut(), spec.commandLine().getErr(),
                System.in);
    }
}

package dev.hearth.controlplane.cli;

import dev.hearth.gpu.CudaBackend;
import dev.hearth.node.engine.KernelBackends;
import dev.hearth.node.engine.Kernels;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How a command picks its kernels: the backend and the number of threads. */
final class KernelOptions {
    @Option(names = "--kernels", defaultValue = "auto",
            description = "auto (a GPU when usable, else the Vector API when the JVM has it, else scalar), vector or scalar (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--threads", defaultValue = "0",
            description = "Threads for matrix kernels; 0 = one per core (default ${DEFAULT-VALUE}).")
    int threads;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    int threadCount() {
        if (threads < 0) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--threads " + threads + " must be 0 or more");
        }
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** The chosen kernels; the choice is logged as one line to {@code log}. */
    Kernels kernels(PrintWriter log) {
        Kernels cpu;
        try {
            cpu = KernelBackends.byName(backend, threadCount(), line -> log.println("hearth: " + line));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--kernels: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
        Kernels chosen = "auto".equals(backend)
                ? new CudaBackend().kernels(cpu, line -> log.println("hearth: " + line)) : cpu;
        log.flush();
        return chosen;
    }
}

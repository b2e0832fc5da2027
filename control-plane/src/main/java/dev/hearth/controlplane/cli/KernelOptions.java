package dev.hearth.controlplane.cli;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.ScalarKernels;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** How a command picks its kernels: the backend and the number of threads. */
final class KernelOptions {
    @Option(names = "--kernels", defaultValue = "auto",
            description = "auto (Vector API when available), vector or scalar (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--threads", defaultValue = "0",
            description = "Threads for matrix kernels; 0 = one per core (default ${DEFAULT-VALUE}).")
    int threads;

    Kernels kernels(PrintWriter log) {
        return new ScalarKernels();
    }
}

package dev.hearth.controlplane.cli;

import dev.hearth.collector.CollectException;
import dev.hearth.collector.gpu.GpuReading;
import dev.hearth.collector.gpu.GpuSamples;
import dev.hearth.collector.gpu.NvidiaSmiSource;
import dev.hearth.collector.gpu.NvidiaSmiXmlParser;
import dev.hearth.collector.gpu.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gpu", mixinStandardHelpOptions = true,
        description = "Read this machine's GPUs once through nvidia-smi -q -x, or parse a saved XML.")
public final class CollectGpuCommand implements Callable<Integer> {
    @Option(names = "--from-file", paramLabel = "XML", description = "A saved nvidia-smi -q -x output to parse.")
    Path fromFile;

    @Option(names = "--node", defaultValue = "target", description = "Node label for the samples (default ${DEFAULT-VALUE}).")
    String node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            if (fromFile != null) {
                SamplePrinter.print(spec.commandLine().getOut(), new GpuSamples().samples(node, Instant.now(),
                        new NvidiaSmiXmlParser().parse(Files.readString(fromFile))));
                return 0;
            }
            NvidiaSmiSource source = new NvidiaSmiSource(node, new ProcessCommandRunner(16 << 20), Duration.ofSeconds(20));
            GpuReading reading = source.read();
            if (reading instanceof GpuReading.NoGpu none) {
                spec.commandLine().getOut().println("no GPU: " + none.reason());
                spec.commandLine().getOut().flush();
                return 0;
            }
            SamplePrinter.print(spec.commandLine().getOut(), source.collect(Instant.now()));
            return 0;
        } catch (IOException e) {
            throw new UserError("cannot read " + fromFile + ": " + e.getMessage());
        } catch (CollectException e) {
            throw new UserError(e.getMessage());
        } catch (RuntimeException e) {
            throw new UserError((fromFile != null ? fromFile + ": " : "") + e.getMessage());
        }
    }
}

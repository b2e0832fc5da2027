package dev.hearth.controlplane.cli;

import dev.hearth.collector.CollectException;
import dev.hearth.collector.PrometheusScrapeSource;
import dev.hearth.collector.PrometheusTextParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "scrape", mixinStandardHelpOptions = true,
        description = "Scrape one Prometheus or OpenMetrics endpoint once and print what the collector keeps of it.")
public final class CollectScrapeCommand implements Callable<Integer> {
    @Option(names = "--target", required = true, paramLabel = "URL", description = "The endpoint, e.g. http://127.0.0.1:9100/metrics.")
    URI target;

    @Option(names = "--node", defaultValue = "target", description = "Node label for the samples (default ${DEFAULT-VALUE}).")
    String node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            SamplePrinter.print(spec.commandLine().getOut(), new PrometheusScrapeSource(node, target, http,
                    Duration.ofSeconds(10), new PrometheusTextParser()).collect(Instant.now()));
            return 0;
        } catch (CollectException e) {
            throw new UserError(e.getMessage());
        }
    }
}

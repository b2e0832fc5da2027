package dev.hearth.controlplane.cli;

import dev.hearth.collector.CollectException;
import dev.hearth.collector.redfish.RedfishAuth;
import dev.hearth.collector.redfish.RedfishLimits;
import dev.hearth.collector.redfish.RedfishWalkResult;
import dev.hearth.collector.redfish.RedfishWalker;
import dev.hearth.controlplane.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "redfish", mixinStandardHelpOptions = true,
        description = "Walk one BMC's Redfish service once (ServiceRoot → Chassis → sensors, Systems → processors).")
public final class CollectRedfishCommand implements Callable<Integer> {
    @Option(names = "--target", required = true, paramLabel = "URL",
            description = "The BMC's service root, e.g. https://10.0.0.5/redfish/v1.")
    URI target;

    @Option(names = "--user", description = "User for Basic (or, with --session, session) authentication.")
    String user;

    @Option(names = "--password", description = "Password for --user.")
    String password;

    @Option(names = "--session", description = "Log in through SessionService instead of Basic authentication.")
    boolean session;

    @Option(names = "--node", defaultValue = "target", description = "Node label for the samples (default ${DEFAULT-VALUE}).")
    String node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((user == null) != (password == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--user and --password go together");
        }
        RedfishAuth auth = user == null ? RedfishAuth.none()
                : session ? RedfishAuth.session(user, password) : RedfishAuth.basic(user, password);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        try (RedfishWalker walker = new RedfishWalker(node, target, http, Json.newMapper(), auth,
                RedfishLimits.defaults())) {
            RedfishWalkResult result = walker.walk(Instant.now());
            SamplePrinter.print(spec.commandLine().getOut(), result.samples());
            result.notes().forEach(n -> spec.commandLine().getOut().println("note: " + n));
            result.noReadingsReason().ifPresent(r -> spec.commandLine().getOut().println("no readings: " + r));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (CollectException e) {
            throw new UserError(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}

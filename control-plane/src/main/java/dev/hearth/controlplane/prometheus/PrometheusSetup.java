package dev.hearth.controlplane.prometheus;

import java.io.File;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Prometheus for a running fleet: writes its {@code prometheus.yml} (every rule file of the
 * repository's {@code alerts/}, a scrape job per kind of endpoint) into a folder, and starts the
 * {@code prometheus} binary on it with its data beside the config.
 */
public final class PrometheusSetup {
    public static final String BINARY = "prometheus";
    public static final String INSTALL_HINT = "install the Debian package 'prometheus' (apt-get install -y prometheus)";
    static final String DATA_DIR = "data";
    static final String LOG_FILE = "prometheus.log";

    private final Path binary;
    private final PrometheusOptions options;
    private final HttpClient http;

    public PrometheusSetup(Path binary, PrometheusOptions options, HttpClient http) {
        this.binary = binary;
        this.options = options;
        this.http = http;
    }

    /**
     * The {@code prometheus} binary on a search path.
     *
     * @param pathVariable the value of {@code PATH}
     * @throws PrometheusNotInstalledException naming the package that provides it
     */
    public static Path locateBinary(String pathVariable) {
        for (String dir : (pathVariable == null ? "" : pathVariable).split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, BINARY);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new PrometheusNotInstalledException("no '" + BINARY + "' on the PATH: " + INSTALL_HINT);
    }

    /**
     * Writes {@code directory/prometheus.yml} for {@code fleet} with {@code ruleFiles}, keeps the
     * time series in {@code directory/data} and the process's output in {@code directory/prometheus.log},
     * and starts Prometheus; returns once it is ready.
     *
     * @throws PrometheusStartException when it exits or is not ready in time (it is stopped first)
     */
    public PrometheusServer start(FleetEndpoints fleet, List<Path> ruleFiles, Path directory)
            throws InterruptedException {
        PrometheusConfigFile config = PrometheusConfigFile.forFleet(fleet, ruleFiles, options.interval());
        Path file = config.writeTo(directory);
        return PrometheusServer.start(binary, file, directory.resolve(DATA_DIR), directory.resolve(LOG_FILE), options,
                config.targetCount(), http);
    }

    public PrometheusOptions options() {
        return options;
    }
}

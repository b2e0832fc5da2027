package dev.hearth.controlplane.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code prometheus} process on loopback, ready to answer queries. Closing it stops the process:
 * SIGTERM first (Prometheus then writes out its head block), killed if it does not exit in time. A
 * shutdown hook stops it too when the JVM ends without closing it, so no Prometheus outlives us.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    /** A free port picked for port 0 may be taken before Prometheus binds it: try a new one so often. */
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 15;

    private final Process process;
    private final URI uri;
    private final Path configFile;
    private final Path logFile;
    private final int targets;
    private final Duration stopTimeout;
    private final Thread shutdownHook;

    private PrometheusServer(Process process, URI uri, Path configFile, Path logFile, int targets,
                             Duration stopTimeout) {
        this.process = process;
        this.uri = uri;
        this.configFile = configFile;
        this.logFile = logFile;
        this.targets = targets;
        this.stopTimeout = stopTimeout;
        this.shutdownHook = new Thread(this::stop, "prometheus-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts Prometheus on {@code configFile} and waits until it reports ready.
     *
     * @param targets scrape targets in the config, for the caller to report
     * @throws PrometheusStartException when it exits or is not ready within the options' timeout;
     *                                  the process is stopped before this is thrown
     */
    static PrometheusServer start(Path binary, Path configFile, Path dataDir, Path logFile, PrometheusOptions options,
                                  int targets, HttpClient http) throws InterruptedException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Prometheus data folder " + dataDir + ": "
                    + e.getMessage(), e);
        }
        for (int attempt = 1; ; attempt++) {
            int port = options.port() != 0 ? options.port() : freePort();
            List<String> command = List.of(binary.toString(),
                    "--config.file=" + configFile,
                    "--storage.tsdb.path=" + dataDir,
                    "--storage.tsdb.retention.time=" + PrometheusConfigFile.duration(options.retention()),
                    "--web.listen-address=" + LOOPBACK + ":" + port);
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile())).start();
            } catch (IOException e) {
                throw new PrometheusStartException("cannot run " + binary + ": " + e.getMessage());
            }
            PrometheusServer server = new PrometheusServer(process, URI.create("http://" + LOOPBACK + ":" + port),
                    configFile, logFile, targets, options.stopTimeout());
            try {
                server.awaitReady(http, options.readyTimeout());
                return server;
            } catch (PrometheusStartException e) {
                server.close();
                boolean portTaken = server.log().contains("address already in use");
                if (portTaken && options.port() == 0 && attempt < PORT_ATTEMPTS) {
                    continue;
                }
                if (portTaken && options.port() != 0) {
                    throw new PrometheusStartException("port " + port + " for Prometheus is already in use: pass"
                            + " --prometheus-port with a free port, or 0 for any (a Debian prometheus service"
                            + " listens on 9090 by default)");
                }
                throw e;
            } catch (InterruptedException | RuntimeException | Error e) {
                server.close();
                throw e;
            }
        }
    }

    private void awaitReady(HttpClient http, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(uri.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new PrometheusStartException("Prometheus exited with code " + process.exitValue()
                        + " before it was ready (config " + configFile + "); its log " + logFile + " ends:\n"
                        + logTail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new PrometheusStartException("Prometheus was not ready at " + uri + "/-/ready within "
                        + timeout.toSeconds() + " s (config " + configFile + "); its log " + logFile + " ends:\n"
                        + logTail());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Where its web UI and HTTP API answer, e.g. {@code http://127.0.0.1:9090}. */
    public URI uri() {
        return uri;
    }

    public Path configFile() {
        return configFile;
    }

    /** Its standard output and error. */
    public Path logFile() {
        return logFile;
    }

    /** Scrape targets in its configuration. */
    public int targets() {
        return targets;
    }

    /** The last lines of its log, for error messages. */
    public String logTail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    private String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs or has run, and stops nothing twice
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }
}

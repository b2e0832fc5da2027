package dev.hearth.controlplane.prometheus;

import dev.hearth.model.Topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code prometheus.yml}: one scrape and rule evaluation interval, the rule files (absolute paths,
 * so Prometheus finds them whatever its working directory), and the scrape jobs.
 *
 * @param interval  {@code scrape_interval} and {@code evaluation_interval}; the scrape timeout is the
 *                  interval, at most 10 s (Prometheus refuses a timeout longer than the interval)
 * @param ruleFiles absolute paths of Prometheus rule files
 */
public record PrometheusConfigFile(Duration interval, List<Path> ruleFiles, List<ScrapeJob> jobs) {
    public static final String FILE_NAME = "prometheus.yml";
    /** The control plane's own metrics: collector, rules, remediation, node states, latest BMC readings. */
    public static final String CONTROL_PLANE_JOB = "hearth-control-plane";
    /** The readings the collector stored (BMC, GPU), re-exported with each node's topology labels. */
    public static final String READINGS_JOB = "hearth-readings";
    public static final String GATEWAY_JOB = "hearth-gateway";
    public static final String NODE_JOB = "hearth-node";
    public static final String READINGS_PATH = "/metrics/readings";
    private static final Duration MAX_SCRAPE_TIMEOUT = Duration.ofSeconds(10);

    public PrometheusConfigFile {
        if (interval.toMillis() < 100 || interval.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("the Prometheus interval " + interval
                    + " must be whole milliseconds, at least 100ms (e.g. 15s, or 1s in tests)");
        }
        for (Path file : ruleFiles) {
            if (!file.isAbsolute()) {
                throw new IllegalArgumentException("rule file " + file + " must be an absolute path: Prometheus"
                        + " resolves relative ones against the config file's folder, not the repository");
            }
        }
        ruleFiles = List.copyOf(ruleFiles);
        jobs = List.copyOf(jobs);
    }

    /**
     * The configuration for a fleet: the control plane, its re-exported readings, the gateway and
     * every node, each node labelled with its node id, household, building and spine.
     */
    public static PrometheusConfigFile forFleet(FleetEndpoints fleet, List<Path> ruleFiles, Duration interval) {
        List<ScrapeTarget> nodes = new ArrayList<>();
        fleet.nodes().forEach((id, uri) -> {
            Topology t = fleet.topology().get(id);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("node", id);
            labels.put("household", t.household());
            labels.put("building", t.building());
            labels.put("spine", t.spine());
            nodes.add(new ScrapeTarget(address(uri), labels));
        });
        List<ScrapeJob> jobs = new ArrayList<>();
        jobs.add(new ScrapeJob(CONTROL_PLANE_JOB, "/metrics", false, List.of(ScrapeTarget.of(address(fleet.admin())))));
        // the endpoint's node/household/building/spine labels describe each stored reading's node,
        // not the control plane it is served from: they must win over any target label
        jobs.add(new ScrapeJob(READINGS_JOB, READINGS_PATH, true, List.of(ScrapeTarget.of(address(fleet.admin())))));
        jobs.add(new ScrapeJob(GATEWAY_JOB, "/metrics", false,
                List.of(ScrapeTarget.of(address(fleet.gatewayAdmin())))));
        if (!nodes.isEmpty()) {
            // a node's household metrics carry the requesting household in 'household': honouring the
            // exposed labels keeps that meaning; the target's topology labels fill in every other series
            jobs.add(new ScrapeJob(NODE_JOB, "/metrics", true, nodes));
        }
        return new PrometheusConfigFile(interval, ruleFiles, jobs);
    }

    /** Scrape targets over all jobs. */
    public int targetCount() {
        return jobs.stream().mapToInt(j -> j.targets().size()).sum();
    }

    public String render() {
        Duration timeout = interval.compareTo(MAX_SCRAPE_TIMEOUT) < 0 ? interval : MAX_SCRAPE_TIMEOUT;
        StringBuilder y = new StringBuilder();
        y.append("# Prometheus for a Hearth fleet, written by hearth at each start: edits are overwritten.\n");
        y.append("global:\n");
        y.append("  scrape_interval: ").append(duration(interval)).append('\n');
        y.append("  scrape_timeout: ").append(duration(timeout)).append('\n');
        y.append("  evaluation_interval: ").append(duration(interval)).append('\n');
        y.append("rule_files:");
        y.append(ruleFiles.isEmpty() ? " []\n" : "\n");
        for (Path file : ruleFiles) {
            y.append("  - ").append(quote(file.toString())).append('\n');
        }
        y.append("scrape_configs:\n");
        for (ScrapeJob job : jobs) {
            y.append("  - job_name: ").append(quote(job.name())).append('\n');
            y.append("    metrics_path: ").append(quote(job.metricsPath())).append('\n');
            if (job.honorLabels()) {
                y.append("    honor_labels: true\n");
            }
            y.append("    static_configs:\n");
            for (ScrapeTarget target : job.targets()) {
                y.append("      - targets: [").append(quote(target.address())).append("]\n");
                if (!target.labels().isEmpty()) {
                    y.append("        labels:\n");
                    target.labels().forEach((k, v) -> y.append("          ").append(k).append(": ").append(quote(v))
                            .append('\n'));
                }
            }
        }
        return y.toString();
    }

    /**
     * Writes {@value #FILE_NAME} into {@code directory} (created if missing) through a temporary
     * file and a rename, so a reader never sees half a file.
     *
     * @return the file written
     */
    public Path writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(FILE_NAME);
            Path tmp = Files.createTempFile(directory, ".prometheus", ".yml.tmp");
            try {
                Files.writeString(tmp, render(), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE_NAME + " into " + directory + ": " + e.getMessage()
                    + " (is the directory writable?)", e);
        }
    }

    private static String address(URI uri) {
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("endpoint " + uri + " has no host and port to scrape");
        }
        return uri.getHost() + ":" + uri.getPort();
    }

    /** A Prometheus duration in its largest whole unit: {@code 1d}, {@code 6h}, {@code 1m}, {@code 15s}, {@code 500ms}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** A YAML double-quoted scalar: safe for any path, address or label value. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}

package dev.hearth.controlplane.prometheus;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code scrape_configs} entry of a {@code prometheus.yml}.
 *
 * @param name        the {@code job} label of every series it scrapes
 * @param metricsPath the path scraped on every target, e.g. {@code /metrics}
 * @param honorLabels keep the labels the endpoint exposes when they clash with target labels,
 *                    instead of renaming them to {@code exported_<name>}: for endpoints whose own
 *                    labels (node, household) are the truth about each series
 * @param targets     at least one
 */
public record ScrapeJob(String name, String metricsPath, boolean honorLabels, List<ScrapeTarget> targets) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_\\-]+");

    public ScrapeJob {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("scrape job name '" + name + "' must be letters, digits, - and _");
        }
        if (metricsPath == null || !metricsPath.startsWith("/")) {
            throw new IllegalArgumentException("metrics path '" + metricsPath + "' of job " + name
                    + " must start with /");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("scrape job " + name + " has no targets");
        }
        targets = List.copyOf(targets);
    }
}

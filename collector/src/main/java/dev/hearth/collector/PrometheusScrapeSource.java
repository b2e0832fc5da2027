package dev.hearth.collector;

import dev.hearth.model.Sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Scrapes a node's Prometheus {@code /metrics} endpoint (kind {@code "node"}) and turns every series
 * into a {@link Sample} of that node.
 */
public final class PrometheusScrapeSource implements Source {
    /**
     * Ask for the text formats the parser reads, 0.0.4 first because it is the one it covers fully;
     * never the protobuf format.
     */
    static final String ACCEPT = "text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5";
    private static final String NODE_LABEL = "node";

    private final String node;
    private final URI metricsUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final PrometheusTextParser parser;

    public PrometheusScrapeSource(String node, URI metricsUrl, HttpClient http, Duration timeout,
                                  PrometheusTextParser parser) {
        this.node = Objects.requireNonNull(node, "node");
        this.metricsUrl = Objects.requireNonNull(metricsUrl, "metricsUrl");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.parser = Objects.requireNonNull(parser, "parser");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("scrape timeout " + timeout + " for " + metricsUrl
                    + " must be positive, e.g. PT5S");
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String kind() {
        return "node";
    }

    @Override
    public List<Sample> collect(Instant at) throws CollectException {
        String body = fetch();
        List<ParsedSeries> parsed;
        try {
            parsed = parser.parse(body);
        } catch (ExpositionFormatException e) {
            throw new CollectException("GET " + metricsUrl + " returned an invalid Prometheus exposition: "
                    + e.getMessage(), e);
        }
        List<Sample> samples = new ArrayList<>(parsed.size());
        for (ParsedSeries series : parsed) {
            // the node column carries the node; a node label as well would disagree with it sooner or later
            Map<String, String> labels = new TreeMap<>(series.labels());
            labels.remove(NODE_LABEL);
            samples.add(new Sample(at, node, series.name(), labels, series.value()));
        }
        return samples;
    }

    private String fetch() throws CollectException {
        HttpRequest request = HttpRequest.newBuilder(metricsUrl)
                .timeout(timeout)
                .header("Accept", ACCEPT)
                .GET()
                .build();
        return HttpGet.body(http, request, timeout.toString());
    }

    @Override
    public String toString() {
        return "PrometheusScrapeSource[" + node + " " + metricsUrl + "]";
    }
}

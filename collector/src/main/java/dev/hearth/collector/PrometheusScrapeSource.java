package dev.hearth.collector;

import dev.hearth.collector.openmetrics.ExpositionFormatException;
import dev.hearth.model.Sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scrapes a node's Prometheus {@code /metrics} endpoint (kind {@code "node"}) and turns every series
 * into a {@link Sample} of that node. The answer's {@code Content-Type} says whether it is text format
 * 0.0.4 or OpenMetrics; an answer that outgrows the parser's size limit or the timeout is refused while
 * it is read.
 */
public final class PrometheusScrapeSource implements Source {
    /**
     * Ask for the text formats the parser reads, never the protobuf format. 0.0.4 comes first: the store
     * keeps values only, so OpenMetrics' extras (exemplars, creation times) buy nothing here, while its
     * strict rules would fail a whole scrape over one exporter's malformed histogram.
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
        Answer answer = fetch();
        List<ParsedSeries> parsed;
        try {
            parsed = parser.parse(answer.contentType(), answer.body());
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

    /**
     * GET with the body as bytes and its content type. Unlike the other sources this one needs the header
     * to pick the format, and bounds the whole answer, body included, by the timeout and the size limit:
     * a node that sends headers and then stalls, or streams without end, must not hold up a collection.
     */
    private Answer fetch() throws CollectException {
        HttpRequest request = HttpRequest.newBuilder(metricsUrl)
                .timeout(timeout)
                .header("Accept", ACCEPT)
                .GET()
                .build();
        int maxBytes = parser.limits().maxBytes();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, info -> info.statusCode() == 200
                ? new BoundedBody(maxBytes) : HttpResponse.BodySubscribers.replacing(new byte[0]));
        HttpResponse<byte[]> response;
        try {
            response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new CollectException("GET " + metricsUrl + " did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new CollectException("GET " + metricsUrl + " was interrupted", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), maxBytes);
        }
        if (response.statusCode() != 200) {
            throw new CollectException("GET " + metricsUrl + " answered HTTP " + response.statusCode() + " (expected 200)");
        }
        return new Answer(response.headers().firstValue("Content-Type").orElse(null), response.body());
    }

    private CollectException failure(Throwable cause, int maxBytes) {
        if (cause instanceof HttpTimeoutException) {
            return new CollectException("GET " + metricsUrl + " did not answer within " + timeout, cause);
        }
        if (cause instanceof AnswerTooLarge) {
            return new CollectException("GET " + metricsUrl + " answered more than " + maxBytes
                    + " bytes, the most one exposition may have", cause);
        }
        return new CollectException("GET " + metricsUrl + " failed: " + describe(cause), cause);
    }

    /** The HTTP client's exceptions often carry no message (a refused connection): name the type too. */
    private static String describe(Throwable e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    private record Answer(String contentType, byte[] body) {
    }

    /** Collects a body of at most {@code maxBytes}; one byte more cancels the download. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int maxBytes;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedBody(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                if (buffer.remaining() > maxBytes - bytes.size()) {
                    subscription.cancel();
                    body.completeExceptionally(new AnswerTooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }

    /** The answer outgrew the parser's size limit. */
    private static final class AnswerTooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public String toString() {
        return "PrometheusScrapeSource[" + node + " " + metricsUrl + "]";
    }
}

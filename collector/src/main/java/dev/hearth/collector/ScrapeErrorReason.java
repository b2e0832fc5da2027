package dev.hearth.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hearth.collector.gpu.GpuOutputException;
import dev.hearth.collector.ipmi.IpmiOutputException;
import dev.hearth.collector.openmetrics.ExpositionFormatException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Why a scrape failed, in a few classes an operator acts on differently: the bounded {@code reason}
 * label of {@code hearth_collector_scrape_failures_total}.
 */
public enum ScrapeErrorReason {
    /** The target did not answer in time. */
    TIMEOUT,
    /** No connection: refused, no route, unknown host. */
    REFUSED,
    /** An HTTP answer other than 200. */
    HTTP,
    /** An answer that does not follow its format or schema. */
    PARSE,
    /** The source itself threw something other than a {@link CollectException}: a bug. */
    INTERNAL,
    /** Anything else, e.g. a tool that exited non-zero. */
    OTHER;

    /** The label value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Classifies by the exception's causes first, then by the wording every source uses for a status
     * or a deadline that has no exception behind it ("answered HTTP 503", "did not answer within").
     */
    public static ScrapeErrorReason of(CollectException failure) {
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
                    || t instanceof TimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return REFUSED;
            }
            if (t instanceof ExpositionFormatException || t instanceof JsonProcessingException
                    || t instanceof IpmiOutputException || t instanceof GpuOutputException) {
                return PARSE;
            }
        }
        String message = String.valueOf(failure.getMessage());
        if (message.contains("did not answer within") || message.contains("did not finish within")) {
            return TIMEOUT;
        }
        if (message.contains(" answered HTTP ")) {
            return HTTP;
        }
        if (message.contains(": field '")) {
            return PARSE;
        }
        return OTHER;
    }
}

package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.net.URI;
import java.time.Duration;

/**
 * The time and requests left to one walk of one BMC. Every request (a redirect hop and the session login
 * included) is charged before it is sent, so a BMC that links endlessly or answers slowly ends its own
 * walk with an error that says which limit it hit.
 */
final class WalkBudget {
    private final URI serviceRoot;
    private final RedfishLimits limits;
    private final long deadlineNanos;
    private int requests;

    WalkBudget(URI serviceRoot, RedfishLimits limits) {
        this.serviceRoot = serviceRoot;
        this.limits = limits;
        this.deadlineNanos = System.nanoTime() + limits.walkTimeout().toNanos();
    }

    /** Counts one more request to {@code url}, or fails when the walk has used its requests or its time. */
    void charge(String method, URI url) throws CollectException {
        if (requests >= limits.maxResources()) {
            throw new CollectException("Redfish walk of " + serviceRoot + " stopped before " + method + " " + url
                    + ": it already sent " + requests + " requests, the limit per walk; a BMC that links more"
                    + " resources than that is refused");
        }
        if (remaining().isZero()) {
            throw walkTimedOut(method, url);
        }
        requests++;
    }

    /** What the next request may wait: the request timeout, or less when the walk ends sooner. */
    Wait nextWait() {
        Duration left = remaining();
        return left.compareTo(limits.requestTimeout()) < 0 ? new Wait(left, true)
                : new Wait(limits.requestTimeout(), false);
    }

    CollectException walkTimedOut(String method, URI url) {
        return new CollectException("Redfish walk of " + serviceRoot + " did not finish within the walk timeout "
                + limits.walkTimeout() + "; gave up at " + method + " " + url);
    }

    int requests() {
        return requests;
    }

    /**
     * @param walkDeadline true when the walk's end, not the request timeout, set {@code duration}: a
     *                     timeout then reads as the walk's
     */
    record Wait(Duration duration, boolean walkDeadline) {
    }

    private Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }
}

package dev.hearth.controlplane.ops;

import java.util.List;
import java.util.Map;

/**
 * What Prometheus answered to one instant query.
 *
 * @param series   the label sets of the vector or matrix result (empty for a scalar or string)
 * @param scalar   the result is a scalar or a string, which always has a value
 * @param error    Prometheus's error ({@code bad_data: parse error ...}), or null when it answered
 * @param rejected the error is about the expression itself, so asking again gives the same answer
 */
record QueryOutcome(List<Map<String, String>> series, boolean scalar, String error, boolean rejected) {

    static QueryOutcome of(List<Map<String, String>> series) {
        return new QueryOutcome(List.copyOf(series), false, null, false);
    }

    static QueryOutcome scalarValue() {
        return new QueryOutcome(List.of(), true, null, false);
    }

    static QueryOutcome failed(String error, boolean rejected) {
        return new QueryOutcome(List.of(), false, error, rejected);
    }

    boolean hasData() {
        return error == null && (scalar || !series.isEmpty());
    }

    boolean accepted() {
        return error == null;
    }
}

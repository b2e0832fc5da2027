package dev.hearth.rules.facts;

import dev.hearth.model.Sample;

import java.util.List;

/**
 * One service level objective measured over one window.
 *
 * @param slo       the objective's name, e.g. {@code availability} or {@code latency}
 * @param badRatio  share of the window's requests that missed the objective
 * @param objective share of requests that must meet it, e.g. 0.9995
 * @param requests  requests counted in the window
 * @param samples   the counter samples at the window's edges
 */
public record SloWindow(String slo, long windowSeconds, double badRatio, double objective, double requests,
                        long sinceMillis, List<Sample> samples) implements Evidence {
    public SloWindow {
        String fact = "SLO window " + slo + " over " + windowSeconds + " s";
        FactChecks.text(slo, "an SLO window", "slo");
        if (windowSeconds <= 0) {
            throw new IllegalArgumentException(fact + " is not positive; give the window in seconds");
        }
        FactChecks.ratio(badRatio, fact, "badRatio");
        FactChecks.finite(objective, fact, "objective");
        if (objective <= 0 || objective >= 1) {
            throw new IllegalArgumentException(fact + " has objective " + objective
                    + "; it must lie strictly between 0 and 1, e.g. 0.9995");
        }
        FactChecks.finite(requests, fact, "requests");
        samples = List.copyOf(samples);
    }

    /** How fast the error budget burns: 1 spends exactly the budget over the SLO period. */
    public double getBurnRate() {
        return badRatio / (1 - objective);
    }
}

package dev.hearth.rules.authoring;

import dev.hearth.rules.facts.Reading;

import java.util.Locale;

/**
 * What a DSL condition sentence found, for the action sentences of the same rule: the finding's kind
 * and the words that open its summary. Each condition sentence of {@code hearth.dsl} binds one as
 * {@code $condition}, so that "isolate the node" needs no arguments.
 *
 * @param unit printed after the newest value in the summary, e.g. {@code " °C"}
 */
public record Condition(String kind, String description, String unit) {

    /** "the GPU temperature on a node stays above {t} °C for {n} seconds" */
    public static Condition gpuHot(double celsius, long seconds) {
        return new Condition("gpu-overheat", String.format(Locale.ROOT, "GPU temperature above %s °C for %d s",
                number(celsius), seconds), " °C");
    }

    /** "the {metric} of a node is above {v}" */
    public static Condition above(String metric, double value) {
        return new Condition(metric + "-high", metric + " above " + number(value), "");
    }

    /** "the {metric} of a node is below {v}" */
    public static Condition below(String metric, double value) {
        return new Condition(metric + "-low", metric + " below " + number(value), "");
    }

    /** The summary of a finding: the condition and the newest reading's value. */
    public String summary(Reading last) {
        return String.format(Locale.ROOT, "%s, now %.1f%s", description, last.value(), unit);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

package dev.hearth.remediation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gateway weights from each node's live latency and thermal headroom. A node within 1.5 × the fleet's
 * median latency (or with a P99 under {@link #FAST_ENOUGH_SECONDS}) and below {@link #WARM_CELSIUS} keeps
 * full weight; a slower one gets median ÷ its P99;
 * a hotter one loses weight linearly up to {@link #HOT_CELSIUS}, where remediation isolates it. No weight goes
 * below {@link #MIN_WEIGHT}: a node worth less than that is one to isolate, not to starve.
 * Returning to full weight needs a margin below the thresholds that lowered it (hysteresis), so a node
 * hovering at a threshold does not flip between weights every cycle.
 */
public final class LoadWeights {
    public static final double WARM_CELSIUS = 75;
    public static final double HOT_CELSIUS = 90;
    public static final double MIN_WEIGHT = 0.1;
    /** Full weight again only this far below the warm threshold... */
    static final double COOL_MARGIN_CELSIUS = 3;
    /** ...and within this multiple of the fleet's median latency. */
    static final double CALM_LATENCY_FACTOR = 1.5;
    /**
     * A P99 under this is fast whatever the median: a sixth of the 600 ms SLO. Between nodes answering
     * in 10 and 25 ms the difference is noise, and shifting traffic on it only churns the weights.
     */
    public static final double FAST_ENOUGH_SECONDS = 0.1;
    /** Weights closer than this to the current ones are not worth a change. */
    static final double SIGNIFICANT = 0.1;

    private LoadWeights() {
    }

    /** Weights for every node of {@code load}: each its latency factor times its thermal factor. */
    public static Map<String, Double> target(Map<String, NodeLoad> load) {
        double median = medianP99(load);
        Map<String, Double> weights = new LinkedHashMap<>();
        for (NodeLoad n : load.values()) {
            // within the calm band a node's P99 is noise, not slowness: only beyond it does latency cost weight
            double latency = calm(n, median) ? 1 : median / n.p99Seconds();
            double thermal = Double.isNaN(n.gpuCelsius()) || n.gpuCelsius() <= WARM_CELSIUS ? 1
                    : (HOT_CELSIUS - n.gpuCelsius()) / (HOT_CELSIUS - WARM_CELSIUS);
            weights.put(n.node(), round(Math.max(MIN_WEIGHT, Math.min(1, latency * thermal))));
        }
        return weights;
    }

    /** Full weight for the nodes that have calmed down by the margin; the others keep what they have. */
    public static Map<String, Double> relaxed(Map<String, NodeLoad> load) {
        double median = medianP99(load);
        Map<String, Double> weights = new LinkedHashMap<>();
        for (NodeLoad n : load.values()) {
            boolean cool = Double.isNaN(n.gpuCelsius()) || n.gpuCelsius() < WARM_CELSIUS - COOL_MARGIN_CELSIUS;
            weights.put(n.node(), cool && calm(n, median) ? 1.0 : n.weight());
        }
        return weights;
    }

    /** Whether {@code next} differs from the current weights enough to act on. */
    public static boolean significant(Map<String, NodeLoad> load, Map<String, Double> next) {
        return next.entrySet().stream().anyMatch(e -> load.containsKey(e.getKey())
                && Math.abs(load.get(e.getKey()).weight() - e.getValue()) >= SIGNIFICANT - 1e-9);
    }

    /** {@code node-1=1.00,node-2=0.35}: the action's parameter, and part of its id. */
    public static String format(Map<String, Double> weights) {
        List<String> parts = new ArrayList<>();
        weights.forEach((node, w) -> parts.add(node + "=" + String.format(Locale.ROOT, "%.2f", w)));
        return String.join(",", parts);
    }

    /** @throws IllegalArgumentException naming the part that is not {@code node=number} */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            try {
                if (eq <= 0) {
                    throw new NumberFormatException();
                }
                weights.put(part.substring(0, eq).strip(), Double.parseDouble(part.substring(eq + 1).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' in the weights '" + text + "' is not node=weight,"
                        + " e.g. node-2=0.35");
            }
        }
        return weights;
    }

    /** Whether the node's latency is no reason to take traffic from it. */
    private static boolean calm(NodeLoad n, double median) {
        return Double.isNaN(n.p99Seconds()) || Double.isNaN(median) || n.p99Seconds() < FAST_ENOUGH_SECONDS
                || n.p99Seconds() <= CALM_LATENCY_FACTOR * median;
    }

    private static double medianP99(Map<String, NodeLoad> load) {
        double[] known = load.values().stream().mapToDouble(NodeLoad::p99Seconds).filter(v -> !Double.isNaN(v))
                .sorted().toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        return known.length % 2 == 1 ? known[known.length / 2]
                : (known[known.length / 2 - 1] + known[known.length / 2]) / 2;
    }

    private static double round(double w) {
        return Math.round(w * 100) / 100.0;
    }
}

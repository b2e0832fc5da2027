package dev.hearth.rules.facts;

/**
 * The cluster-load thresholds of the GPU performance-state policy: below {@code lowBelow} GPUs save
 * power, above {@code highAbove} they run at full performance, in between balanced.
 */
public record PowerPolicy(double lowBelow, double highAbove) {
    public PowerPolicy {
        FactChecks.ratio(lowBelow, "power policy", "lowBelow");
        FactChecks.ratio(highAbove, "power policy", "highAbove");
        if (lowBelow >= highAbove) {
            throw new IllegalArgumentException("power policy thresholds low " + lowBelow + " and high " + highAbove
                    + " overlap; the low threshold must be below the high one, e.g. 0.30 and 0.70");
        }
    }

    public static PowerPolicy defaults() {
        return new PowerPolicy(0.30, 0.70);
    }
}

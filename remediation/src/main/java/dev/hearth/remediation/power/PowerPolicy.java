package dev.hearth.remediation.power;

/**
 * The two power states remediation moves a GPU between: {@code lowWatts} for a finding of kind
 * {@value #LOW_KIND} (running hot, saving energy), {@code highWatts} for {@value #HIGH_KIND} (headroom back).
 * Application clocks are set too where given; {@code null} leaves them alone (most GeForce cards, the
 * 2080 Ti among them, do not support setting them).
 */
public record PowerPolicy(int lowWatts, int highWatts, ApplicationClocks lowClocks, ApplicationClocks highClocks) {
    /** Finding kinds the power rules raise (rules-engine's power.drl): low, balanced and high load. */
    public static final String LOW_KIND = "power-state-low";
    public static final String BALANCED_KIND = "power-state-balanced";
    public static final String HIGH_KIND = "power-state-high";

    public PowerPolicy {
        if (lowWatts <= 0 || highWatts <= 0 || lowWatts > highWatts) {
            throw new IllegalArgumentException("power policy needs 0 < lowWatts <= highWatts, got low " + lowWatts
                    + " W and high " + highWatts + " W (an RTX 2080 Ti accepts about 100-280 W)");
        }
    }

    /** Power limits only. */
    public PowerPolicy(int lowWatts, int highWatts) {
        this(lowWatts, highWatts, null, null);
    }
}

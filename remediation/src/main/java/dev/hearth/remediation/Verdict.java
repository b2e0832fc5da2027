package dev.hearth.remediation;

/** The guard's answer to a planned action. */
public record Verdict(boolean allowed, String reason) {
    public static Verdict allow() {
        return new Verdict(true, "within limits");
    }

    public static Verdict refuse(String reason) {
        return new Verdict(false, reason);
    }
}

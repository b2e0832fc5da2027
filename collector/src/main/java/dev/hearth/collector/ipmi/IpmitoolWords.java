package dev.hearth.collector.ipmi;

import java.util.Locale;
import java.util.Optional;

/** How ipmitool spells units and sensor status, shared by its {@code sdr} and {@code sensor} readers. */
final class IpmitoolWords {
    private IpmitoolWords() {
    }

    static SensorUnit unit(String units) {
        return switch (units.strip().toLowerCase(Locale.ROOT)) {
            case "degrees c", "degrees f" -> SensorUnit.CELSIUS;
            case "rpm" -> SensorUnit.RPM;
            case "watts" -> SensorUnit.WATTS;
            case "volts" -> SensorUnit.VOLTS;
            case "amps" -> SensorUnit.AMPERES;
            case "percent" -> SensorUnit.PERCENT;
            case "discrete", "" -> SensorUnit.NONE;
            default -> SensorUnit.OTHER;
        };
    }

    static boolean fahrenheit(String units) {
        return units.strip().equalsIgnoreCase("degrees F");
    }

    /**
     * The health an ipmitool status abbreviation stands for; empty for "no reading" ({@code ns}, {@code na})
     * and for the hex state bits of discrete sensors. Lower and upper thresholds fold together: which
     * side was crossed is in the reading itself.
     */
    static Optional<String> health(String status) {
        String s = status.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "ok" -> Optional.of("ok");
            case "nc", "lnc", "unc" -> Optional.of("non-critical");
            case "cr", "lcr", "ucr" -> Optional.of("critical");
            case "nr", "lnr", "unr" -> Optional.of("non-recoverable");
            case "ns", "na", "" -> Optional.empty();
            default -> s.startsWith("0x") ? Optional.empty() : Optional.of(s);
        };
    }
}

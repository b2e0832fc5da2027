package dev.hearth.collector.gpu;

import java.util.Map;

/**
 * The units nvidia-smi writes values in, with the factor to Hearth's base unit for each spelling it
 * uses. {@link #usual} is the spelling nvidia-smi uses for it; a bare number in a CSV column whose header
 * names no unit (temperatures) is taken to be in it.
 */
enum SmiUnit {
    CELSIUS("C", Map.of("C", 1.0)),
    WATTS("W", Map.of("W", 1.0)),
    BYTES("MiB", Map.of("B", 1.0, "KiB", 1024.0, "MiB", 1024.0 * 1024, "GiB", 1024.0 * 1024 * 1024)),
    HERTZ("MHz", Map.of("Hz", 1.0, "kHz", 1e3, "MHz", 1e6, "GHz", 1e9)),
    RATIO("%", Map.of("%", 0.01));

    final String usual;
    final Map<String, Double> factors;

    SmiUnit(String usual, Map<String, Double> factors) {
        this.usual = usual;
        this.factors = factors;
    }

    /** {@code value} written in {@code spelling} (one of {@link #factors}' keys), in the base unit. */
    double toBase(double value, String spelling) {
        // dividing keeps 35 % at 0.35 exactly; multiplying by 0.01 gives 0.35000000000000003
        return this == RATIO ? value / 100 : value * factors.get(spelling);
    }
}

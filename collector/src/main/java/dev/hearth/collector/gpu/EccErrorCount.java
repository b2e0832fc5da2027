package dev.hearth.collector.gpu;

import java.util.Objects;

/**
 * One ECC error counter of a GPU.
 *
 * @param scope    {@code volatile} (since the driver loaded) or {@code aggregate} (over the board's life)
 * @param type     {@code correctable} or {@code uncorrectable}; older drivers say single-bit and double-bit,
 *                 which are the same two things
 * @param location where the errors were found: {@code dram}, {@code sram}, {@code sram_parity},
 *                 {@code device_memory}, {@code l2_cache}, … or {@code total} where the driver sums them
 * @param count    errors counted
 */
public record EccErrorCount(String scope, String type, String location, double count) {
    public EccErrorCount {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(location, "location");
    }
}

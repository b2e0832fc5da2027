package dev.hearth.collector.gpu;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GPU's memory health: ECC error counters, pages retired after errors (up to Volta/Turing) and rows
 * remapped (Ampere and later, which replaced page retirement). What a GPU does not report is absent:
 * an empty list or map, an empty optional. Never a zero.
 *
 * @param eccErrors          every ECC counter with a value
 * @param retiredPages       pages retired, by cause: {@code single_bit} (repeated correctable errors)
 *                           and {@code double_bit} (an uncorrectable error)
 * @param retirementPending  whether a page waits for retirement at the next driver reload
 * @param remappedRows       rows remapped, by cause: {@code correctable} and {@code uncorrectable}
 * @param remapPending       whether a remap waits for the next GPU reset
 * @param remapFailed        whether a remap failed (the GPU should be replaced)
 */
public record MemoryErrors(List<EccErrorCount> eccErrors, Map<String, Double> retiredPages,
                           Optional<Boolean> retirementPending, Map<String, Double> remappedRows,
                           Optional<Boolean> remapPending, Optional<Boolean> remapFailed) {
    public static final MemoryErrors NONE = new MemoryErrors(List.of(), Map.of(), Optional.empty(), Map.of(),
            Optional.empty(), Optional.empty());

    public MemoryErrors {
        eccErrors = List.copyOf(eccErrors);
        retiredPages = Map.copyOf(retiredPages);
        Objects.requireNonNull(retirementPending, "retirementPending");
        remappedRows = Map.copyOf(remappedRows);
        Objects.requireNonNull(remapPending, "remapPending");
        Objects.requireNonNull(remapFailed, "remapFailed");
    }
}

package dev.hearth.remediation.power;

/** GPU application clocks ({@code nvidia-smi -ac <memory>,<graphics>}), in MHz. */
public record ApplicationClocks(int memoryMhz, int graphicsMhz) {
    public ApplicationClocks {
        if (memoryMhz <= 0 || graphicsMhz <= 0) {
            throw new IllegalArgumentException("application clocks must be positive MHz, not memory " + memoryMhz
                    + " / graphics " + graphicsMhz);
        }
    }
}

package dev.hearth.collector.ipmi;

import java.util.List;
import java.util.Objects;

/**
 * What asking a BMC for its DCMI power reading gave: readings, or a clear "this BMC (or tool) does not do
 * DCMI". Many BMCs lack DCMI; that is a property of the machine, not a failure to collect it.
 */
public sealed interface DcmiPower {

    /** One reading, or several for the enhanced statistics (one per rolling window). */
    record Readings(List<PowerStatistics> statistics) implements DcmiPower {
        public Readings {
            statistics = List.copyOf(statistics);
            if (statistics.isEmpty()) {
                throw new IllegalArgumentException("DCMI readings need at least one statistic");
            }
        }
    }

    /** DCMI power reading is not available here, and what said so. */
    record Unsupported(String reason) implements DcmiPower {
        public Unsupported {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

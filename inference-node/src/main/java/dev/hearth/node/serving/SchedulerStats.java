package dev.hearth.node.serving;

/** A snapshot of a scheduler, for gauges and status. */
public record SchedulerStats(int running, int waiting, int kvBlocksUsed, int kvBlocksTotal, int lastBatchSize,
                             long steps) {

    public double kvUsageRatio() {
        return (double) kvBlocksUsed / kvBlocksTotal;
    }
}

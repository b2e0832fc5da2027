package dev.hearth.node.server;

/**
 * How busy the node's accelerator is: the share of wall time during which at least one request was
 * being computed. The node's simulated BMC turns this into heat and power draw, as a real card would.
 */
public final class BusyMeter {
    private final java.util.function.LongSupplier nanoTime;
    private int active;
    private long busySince;
    private long busyTotal;
    private long lastReadAt;
    private long lastReadBusy;

    public BusyMeter(java.util.function.LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastReadAt = nanoTime.getAsLong();
    }

    public synchronized void begin() {
        if (active++ == 0) {
            busySince = nanoTime.getAsLong();
        }
    }

    public synchronized void end() {
        if (--active == 0) {
            busyTotal += nanoTime.getAsLong() - busySince;
        }
    }

    public synchronized int active() {
        return active;
    }

    /** Busy share of the time since the previous call, between 0 and 1. Meant for one reader. */
    public synchronized double utilisationSinceLastRead() {
        long now = nanoTime.getAsLong();
        long busy = busyTotal + (active > 0 ? now - busySince : 0);
        long wall = now - lastReadAt;
        double share = wall <= 0 ? 0 : (double) (busy - lastReadBusy) / wall;
        lastReadAt = now;
        lastReadBusy = busy;
        return Math.max(0, Math.min(1, share));
    }
}

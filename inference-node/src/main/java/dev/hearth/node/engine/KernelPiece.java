package dev.hearth.node.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One queued piece of a split kernel call. Run exactly once, by whoever claims it first: a pool
 * thread, or the caller taking back what no pool thread has started.
 */
final class KernelPiece {
    /**
     * How long the caller spins for a running piece before parking: pieces are sized alike, so a
     * running one usually ends within microseconds of the caller's own, sooner than a park and wake.
     */
    private static final long SPIN_NANOS = 50_000;

    private final KernelThreads.Share share;
    private final int from;
    private final int to;
    private final Thread caller = Thread.currentThread();
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile boolean done;
    private Throwable failure; // written before done, read after it

    KernelPiece(KernelThreads.Share share, int from, int to) {
        this.share = share;
        this.from = from;
        this.to = to;
    }

    boolean claim() {
        return !claimed.get() && claimed.compareAndSet(false, true);
    }

    /** Runs the claimed piece, recording a failure for the caller instead of throwing it. */
    void run() {
        try {
            share.run(from, to);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            done = true;
            if (Thread.currentThread() != caller) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Waits, through interrupts (the piece writes into the caller's arrays), until the piece is done. */
    Throwable await() {
        long spinEnd = System.nanoTime() + SPIN_NANOS;
        while (!done && System.nanoTime() < spinEnd) {
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        while (!done) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            caller.interrupt();
        }
        return failure;
    }
}

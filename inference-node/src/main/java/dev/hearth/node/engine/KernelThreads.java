package dev.hearth.node.engine;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits a kernel's index range into one piece per thread. The calling thread queues the other
 * pieces, runs the first itself, then takes back every queued piece no pool thread has claimed yet
 * and runs it too; it only waits for pieces a pool thread is already running. Waking a parked
 * thread takes tens of microseconds on a busy or virtual machine, so a call whose pool threads are
 * slow to wake costs little more than running it alone.
 *
 * <p>Several request threads may call at once: their pieces share the queue, and each caller only
 * ever waits for a piece that is running, so nothing can deadlock, closed or not.
 */
final class KernelThreads implements AutoCloseable {

    /** One piece of work: the indices {@code [from, to)} of the range being split. */
    interface Share {
        void run(int from, int to);
    }

    /**
     * Multiply-adds below which a piece is not worth queueing for another thread: about 10 µs of
     * F32 vector work (more for FP8), the order of waking a parked thread. Measured on a 2-core
     * virtual machine, two threads start to pay at about 512×512 (an F32 matvec of 256k
     * multiply-adds, the smallest product that splits in two).
     */
    static final long MIN_SHARE_WORK = 1L << 17;

    /** How long an idle worker polls before it parks. */
    static final long SPIN_NANOS = 2_000_000L;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final BlockingQueue<KernelPiece> queue = new LinkedBlockingQueue<>();
    private final Thread[] workers;
    private volatile boolean closed;

    KernelThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("kernel threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        int id = POOLS.incrementAndGet();
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(this::work, "hearth-kernels-" + id + "-" + (i + 1));
            workers[i].setDaemon(true); // a forgotten close() must not keep the JVM alive
            workers[i].start();
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code share} over {@code [0, count)} split into at most {@link #threads()} pieces whose
     * boundaries are multiples of {@code align}, each worth at least {@link #MIN_SHARE_WORK} given
     * {@code workPerIndex} multiply-adds per index. Returns when every piece is done, and rethrows
     * the first failure of any piece after all of them are done (none may write later).
     */
    void run(int count, int align, long workPerIndex, Share share) {
        long work = (long) count * workPerIndex;
        int pieces = (int) Math.min(threads, Math.max(1, work / MIN_SHARE_WORK));
        int size = roundUp((count + pieces - 1) / pieces, align);
        if (pieces == 1 || size >= count) {
            share.run(0, count);
            return;
        }
        pieces = (count + size - 1) / size;
        KernelPiece[] others = new KernelPiece[pieces - 1];
        for (int p = 1; p < pieces; p++) {
            others[p - 1] = new KernelPiece(share, p * size, Math.min(count, (p + 1) * size));
            if (!closed) {
                queue.add(others[p - 1]);
            }
        }
        Throwable failure = null;
        try {
            share.run(0, size);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (KernelPiece piece : others) {
            if (piece.claim()) {
                piece.run();
            }
            Throwable t = piece.await();
            if (failure == null) {
                failure = t;
            }
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
    }

    private void work() {
        while (!closed) {
            KernelPiece piece = queue.poll();
            if (piece == null) {
                piece = spin();
            }
            if (piece == null) {
                try {
                    piece = queue.take();
                } catch (InterruptedException e) {
                    continue; // close() interrupts; the loop condition decides
                }
            }
            if (piece.claim()) {
                piece.run();
            }
        }
    }

    /**
     * Polls for {@link #SPIN_NANOS} before parking. A decode step issues its matrix products a few
     * microseconds to a few hundred apart; a parked thread takes tens of microseconds to wake, by
     * which time the caller has taken its piece back and the step runs on one core. Spinning keeps
     * the worker awake between products and costs at most one spin window of CPU once work stops.
     */
    private KernelPiece spin() {
        long until = System.nanoTime() + SPIN_NANOS;
        while (!closed && System.nanoTime() < until) {
            KernelPiece piece = queue.poll();
            if (piece != null) {
                return piece;
            }
            Thread.onSpinWait();
        }
        return null;
    }

    private static int roundUp(int n, int align) {
        return (n + align - 1) / align * align;
    }

    /** Stops the pool threads; later calls run on the calling thread alone. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            t.interrupt();
        }
        queue.clear(); // callers run their own unclaimed pieces
    }
}

package dev.hearth.node.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Kernels on the Vector API ({@code jdk.incubator.vector}, so the JVM needs
 * {@code --add-modules jdk.incubator.vector}) in the machine's preferred vector width, with FMA.
 * The weight products split across {@code threads} threads when a call is big enough; the calling
 * thread does one share. Safe for concurrent calls from several threads; {@link #close()} stops the
 * pool threads.
 *
 * <p>Results differ from {@link ScalarKernels} only by float reassociation (vector lanes, several
 * accumulators, fused multiply-adds) and by the vector exponential in softmax and SwiGLU.
 *
 * <p>Why the kernels are called through method handles: every Vector API operation is a deep tree
 * of methods that C2 must inline for the vector to stay in a register, and C2 stops inlining a
 * compilation once it holds about 18,000 nodes. A caller that inlined several kernels (the
 * transformer's forward pass calling norm, softmax and SwiGLU, or a dispatcher that saw two weight
 * formats) would run out, leave some vector operations as calls, and box every vector on the heap:
 * 5 to 50 times slower, depending on the order things were compiled in. A call through a method
 * handle held in an instance field is never inlined, so each kernel is compiled on its own. That
 * costs a few nanoseconds per call; {@link #dot} and {@link #axpy}, small and called per attention
 * position, are left direct.
 */
public final class VectorKernels implements Kernels, AutoCloseable {
    private static final MethodType BAND = MethodType.methodType(void.class, Matrix.class, int.class, int.class,
            float[].class, int.class, float[].class, int.class);
    private static final MethodType COLUMNS = MethodType.methodType(void.class, Matrix.class, int.class, int.class,
            float[].class, int.class, float[].class, int.class, int.class, int.class);
    private static final MethodType ROWS = MethodType.methodType(void.class, Matrix.class, float[].class, int.class,
            float[].class, int.class, int.class);

    private final KernelThreads threads;
    // indexed by format(): F32, BF16, FP8, INT8; instance fields, so never constants to C2
    private final MethodHandle[] matvec;
    private final MethodHandle[] vecmat;
    private final MethodHandle[] matmul;
    private final MethodHandle rmsnorm;
    private final MethodHandle softmax;
    private final MethodHandle ropeInterleaved;
    private final MethodHandle ropeHalves;
    private final MethodHandle siluMul;

    /** @param threads threads a large product is split across, counting the caller; at least 1 */
    public VectorKernels(int threads) {
        this.threads = new KernelThreads(threads);
        this.matvec = perFormat("matvec", BAND);
        this.vecmat = perFormat("vecmat", COLUMNS);
        this.matmul = perFormat("matmul", ROWS);
        this.rmsnorm = pointwise("rmsnorm", float[].class, int.class, float[].class, int.class, float[].class,
                int.class, float.class);
        this.softmax = pointwise("softmax", float[].class, int.class, int.class);
        this.ropeInterleaved = pointwise("ropeInterleaved", float[].class, int.class, int.class, float[].class,
                float[].class, int.class);
        this.ropeHalves = pointwise("ropeHalves", float[].class, int.class, int.class, float[].class,
                float[].class, int.class);
        this.siluMul = pointwise("siluMul", float[].class, int.class, float[].class, int.class, int.class);
    }

    @Override
    public String name() {
        int n = threads.threads();
        return "vector-" + VectorLanes.F.vectorBitSize() + "bit x" + n + (n == 1 ? " thread" : " threads");
    }

    @Override
    public void matvec(Matrix w, int rowStart, int rowCount, float[] x, int xOff, float[] out, int outOff) {
        MethodHandle kernel = matvec[format(w)];
        threads.run(rowCount, 1, w.cols(), (from, to) -> {
            try {
                kernel.invokeExact(w, rowStart + from, rowStart + to, x, xOff, out, outOff + from);
            } catch (Throwable t) {
                throw unchecked(t);
            }
        });
    }

    /** Split by columns, in whole 128-column blocks so that no FP8 scale block straddles two threads. */
    @Override
    public void vecmat(Matrix w, int rowStart, int rowCount, float[] x, int xOff, float[] out, int outOff) {
        MethodHandle kernel = vecmat[format(w)];
        threads.run(w.cols(), Fp8Matrix.BLOCK, rowCount, (from, to) -> {
            try {
                kernel.invokeExact(w, rowStart, rowCount, x, xOff, out, outOff, from, to);
            } catch (Throwable t) {
                throw unchecked(t);
            }
        });
    }

    /**
     * Split by weight rows, in whole register tiles ({@link GemmStores#TILE_ROWS} rows): each thread
     * reads its share of the weights once.
     */
    @Override
    public void matmul(Matrix w, float[] x, int n, float[] out) {
        MethodHandle kernel = matmul[format(w)];
        threads.run(w.rows(), GemmStores.TILE_ROWS, (long) n * w.cols(), (from, to) -> {
            try {
                kernel.invokeExact(w, x, n, out, from, to);
            } catch (Throwable t) {
                throw unchecked(t);
            }
        });
    }

    @Override
    public void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps) {
        try {
            rmsnorm.invokeExact(out, outOff, x, xOff, weight, n, eps);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public void softmax(float[] x, int offset, int length) {
        try {
            softmax.invokeExact(x, offset, length);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public void ropeInterleaved(float[] v, int offset, int dim, float[] cos, float[] sin, int table) {
        try {
            ropeInterleaved.invokeExact(v, offset, dim, cos, sin, table);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public void ropeHalves(float[] v, int offset, int dim, float[] cos, float[] sin, int table) {
        try {
            ropeHalves.invokeExact(v, offset, dim, cos, sin, table);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public void siluMul(float[] gate, int gOff, float[] up, int uOff, int n) {
        try {
            siluMul.invokeExact(gate, gOff, up, uOff, n);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return F32VectorKernels.dot(a, aOff, b, bOff, n);
    }

    @Override
    public void axpy(float[] y, int yOff, float alpha, float[] x, int xOff, int n) {
        VectorPointwise.axpy(y, yOff, alpha, x, xOff, n);
    }

    /** Stops the pool threads; calls after this run on the calling thread alone. */
    @Override
    public void close() {
        threads.close();
    }

    private static int format(Matrix w) {
        if (w instanceof F32Matrix) {
            return 0;
        }
        if (w instanceof Bf16Matrix) {
            return 1;
        }
        return w instanceof Fp8Matrix ? 2 : 3;
    }

    /** The static {@code name} of each format's kernel class, adapted to take any {@link Matrix}. */
    private static MethodHandle[] perFormat(String name, MethodType type) {
        Class<?>[] owners = {F32VectorKernels.class, Bf16VectorKernels.class, Fp8VectorKernels.class,
            Int8VectorKernels.class};
        Class<?>[] formats = {F32Matrix.class, Bf16Matrix.class, Fp8Matrix.class, Int8Matrix.class};
        MethodHandle[] handles = new MethodHandle[owners.length];
        for (int i = 0; i < owners.length; i++) {
            handles[i] = find(owners[i], name, type.changeParameterType(0, formats[i])).asType(type);
        }
        return handles;
    }

    private static MethodHandle pointwise(String name, Class<?>... parameters) {
        return find(VectorPointwise.class, name, MethodType.methodType(void.class, parameters));
    }

    private static MethodHandle find(Class<?> owner, String name, MethodType type) {
        try {
            return MethodHandles.lookup().findStatic(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("vector kernel " + owner.getSimpleName() + "." + name + type, e);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t);
    }
}

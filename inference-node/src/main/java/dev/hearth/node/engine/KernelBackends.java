package dev.hearth.node.engine;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Chooses the CPU kernels: {@link VectorKernels} when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, {@link ScalarKernels} otherwise. The Vector API classes
 * are only touched after the module check, so without the flag no class of that module (nor
 * {@code VectorKernels}) is ever loaded.
 *
 * <p>The returned kernels may hold threads: close them with {@link #close(Kernels)} when done.
 */
public final class KernelBackends {
    /** The module the vector backend needs, and the flag that resolves it. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
    public static final String VECTOR_FLAG = "--add-modules " + VECTOR_MODULE;

    private KernelBackends() {
    }

    /** The fastest backend this JVM can run, with one log line saying which and why. */
    public static Kernels select(int threads, Consumer<String> log) {
        return byName("auto", threads, log);
    }

    /**
     * {@code auto} (as {@link #select}), or {@code vector} / {@code scalar} to force one, for benchmarks
     * and tests. Logs one line.
     *
     * @throws IllegalArgumentException for any other name, or fewer than one thread
     * @throws IllegalStateException for {@code vector} on a JVM without the module
     */
    public static Kernels byName(String name, int threads, Consumer<String> log) {
        if (threads < 1) {
            throw new IllegalArgumentException("kernel threads must be at least 1, got " + threads);
        }
        switch (name.toLowerCase(Locale.ROOT)) {
            case "auto":
                if (!vectorApiPresent()) {
                    return scalar(log, " (start the JVM with " + VECTOR_FLAG + " for the Vector API backend)");
                }
                try {
                    return vector(threads, log, "");
                } catch (LinkageError | RuntimeException e) {
                    // e.g. a vector width with no matching narrow shape (SVE wider than 512 bits)
                    return scalar(log, " (the vector backend failed to start: " + e + ")");
                }
            case "vector":
                if (!vectorApiPresent()) {
                    throw new IllegalStateException("the vector kernels need the JVM flag " + VECTOR_FLAG);
                }
                return vector(threads, log, " (forced)");
            case "scalar":
                return scalar(log, " (forced)");
            default:
                throw new IllegalArgumentException("unknown kernel backend '" + name
                        + "': use auto, vector or scalar");
        }
    }

    /** Whether {@code jdk.incubator.vector} is in the boot layer, i.e. the JVM got {@link #VECTOR_FLAG}. */
    public static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** Closes kernels that hold threads (the vector backend's pool); a no-op for the others. */
    public static void close(Kernels kernels) {
        if (kernels instanceof AutoCloseable) {
            try {
                ((AutoCloseable) kernels).close();
            } catch (Exception e) {
                throw new IllegalStateException("closing kernels " + kernels.name(), e);
            }
        }
    }

    private static Kernels vector(int threads, Consumer<String> log, String why) {
        Kernels k = new VectorKernels(threads);
        log.accept("kernels: " + k.name() + why);
        return k;
    }

    private static Kernels scalar(Consumer<String> log, String why) {
        Kernels k = new ScalarKernels();
        log.accept("kernels: " + k.name() + why);
        return k;
    }
}

package dev.hearth.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class KernelBackendsTest {
    private final List<String> log = new ArrayList<>();

    @Test
    void selectsTheVectorBackendWhenTheModuleIsPresent() {
        assertThat(KernelBackends.vectorApiPresent()).as("surefire runs with " + KernelBackends.VECTOR_FLAG).isTrue();
        Kernels k = KernelBackends.select(2, log::add);
        try {
            assertThat(k).isInstanceOf(VectorKernels.class);
            assertThat(log).containsExactly("kernels: " + k.name());
            assertThat(k.name()).endsWith("x2 threads");
        } finally {
            KernelBackends.close(k);
        }
    }

    @Test
    void eitherBackendCanBeForcedByName() {
        Kernels scalar = KernelBackends.byName("scalar", 4, log::add);
        Kernels vector = KernelBackends.byName("Vector", 1, log::add);
        try {
            assertThat(scalar).isInstanceOf(ScalarKernels.class);
            assertThat(vector).isInstanceOf(VectorKernels.class);
            assertThat(log).containsExactly("kernels: scalar (forced)", "kernels: " + vector.name() + " (forced)");
        } finally {
            KernelBackends.close(vector);
            KernelBackends.close(scalar);
        }
    }

    @Test
    void unknownNamesAndThreadCountsAreRefused() {
        assertThatThrownBy(() -> KernelBackends.byName("cuda", 1, log::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown kernel backend 'cuda': use auto, vector or scalar");
        assertThatThrownBy(() -> KernelBackends.select(0, log::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThat(log).isEmpty();
    }

    /**
     * A JVM started without the flag: scalar kernels, one line naming the flag, and neither the
     * vector backend nor any class of the incubator module loaded.
     */
    @Test
    void withoutTheModuleTheScalarBackendIsChosenAndNoVectorClassIsLoaded() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                WithoutModule.class.getName()).redirectErrorStream(true).start();
        String out = readAll(p);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("kernels: scalar (start the JVM with --add-modules jdk.incubator.vector"
                + " for the Vector API backend)", "chose ScalarKernels",
                "dev.hearth.node.engine.ScalarKernels source:"); // the class-load log works
        assertThat(out).doesNotContain("jdk.incubator.vector.", "dev.hearth.node.engine.VectorKernels",
                "dev.hearth.node.engine.VectorLanes");
    }

    private static String readAll(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The child JVM's main. */
    static final class WithoutModule {
        public static void main(String[] args) {
            Kernels k = KernelBackends.select(2, System.out::println);
            System.out.println("chose " + k.getClass().getSimpleName());
        }
    }
}

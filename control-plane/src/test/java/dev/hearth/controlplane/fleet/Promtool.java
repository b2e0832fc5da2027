package dev.hearth.controlplane.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** {@code promtool check metrics} on an exposition, for tests. */
final class Promtool {
    private Promtool() {
    }

    /** What promtool prints about the exposition, exit status included when it is not 0; empty: nothing to fix. */
    static String checkMetrics(String exposition) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool not found: install the Debian package 'prometheus'"
                    + " (apt-get install -y prometheus)", e);
        }
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool check metrics did not finish in 30 s");
        }
        return p.exitValue() == 0 ? out : ("exit " + p.exitValue() + ": " + out).trim();
    }
}

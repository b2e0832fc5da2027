package dev.hearth.node.shard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link ShardMain} process on loopback, started with this JVM's class path; closing stops it. */
final class ShardProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("shard (\\S+) listening on (\\d+)");
    private static final Pattern METRICS = Pattern.compile("shard (\\S+) metrics on (\\d+)");
    private final Process process;
    private final int port;
    private final int metricsPort;

    private ShardProcess(Process process, int port, int metricsPort) {
        this.process = process;
        this.port = port;
        this.metricsPort = metricsPort;
    }

    static ShardProcess start(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ShardMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        int metrics = -1;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return new ShardProcess(p, Integer.parseInt(m.group(2)), metrics);
            }
            Matcher mm = METRICS.matcher(line);
            if (mm.find()) {
                metrics = Integer.parseInt(mm.group(2));
            }
            seen.append(line).append('\n');
        }
        p.destroyForcibly();
        throw new IOException("the shard process ended before listening: " + seen);
    }

    int port() {
        return port;
    }

    /** The port of its /metrics, or -1 when started without one. */
    int metricsPort() {
        return metricsPort;
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Kills the process at once, as a power cut would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

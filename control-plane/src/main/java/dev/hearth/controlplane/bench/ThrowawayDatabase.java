package dev.hearth.controlplane.bench;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A database created for one bench run on a PostgreSQL server and dropped afterwards, so a bench never
 * writes into a database that holds anything else: {@code hearth_bench_} plus 12 random hex digits.
 */
public final class ThrowawayDatabase implements AutoCloseable {
    private final String serverUrl;
    private final String name;
    private final String url;

    private ThrowawayDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.url = withDatabase(serverUrl, name);
    }

    /**
     * @param serverUrl a JDBC URL of any database on the server, user included
     * @throws IllegalStateException when the server cannot be reached or refuses CREATE DATABASE
     */
    public static ThrowawayDatabase create(String serverUrl, SecureRandom random) {
        byte[] suffix = new byte[6];
        random.nextBytes(suffix);
        String name = "hearth_bench_" + HexFormat.of().formatHex(suffix);
        String url = withDatabase(serverUrl, name); // checks the URL before anything is created
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the bench database " + name + " on " + serverUrl + ": "
                    + e.getMessage() + "; pass --url with a user that may create databases, or --embedded", e);
        }
        return new ThrowawayDatabase(serverUrl, name);
    }

    public String name() {
        return name;
    }

    /** JDBC URL of the throw-away database, user included. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the bench database " + name + " (drop it by hand): "
                    + e.getMessage(), e);
        }
    }

    static String withDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        int slash = base.lastIndexOf('/');
        if (!jdbcUrl.startsWith("jdbc:postgresql://") || slash < "jdbc:postgresql://".length()) {
            throw new IllegalArgumentException("'" + jdbcUrl + "' is not a JDBC URL of a PostgreSQL database;"
                    + " give e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        }
        return base.substring(0, slash + 1) + database + params;
    }
}

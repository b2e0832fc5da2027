package dev.hearth.collector.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

import java.time.Duration;
import java.util.regex.Pattern;

/** Connection pools for the metric store. */
public final class DataSources {
    /**
     * How long to wait for the database, at start and for each connection later: short, so that a
     * wrong --db fails in seconds and a database outage turns into a pending buffer, not a hang.
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final String PREFIX = "jdbc:postgresql:";
    private static final Pattern PASSWORD = Pattern.compile("([?&])password=[^&]*&?", Pattern.CASE_INSENSITIVE);

    private DataSources() {
    }

    /**
     * A HikariCP pool on {@code jdbcUrl} that has already opened one connection, so an unreachable
     * database fails here rather than at the first write.
     *
     * @throws IllegalArgumentException     when {@code jdbcUrl} is not a PostgreSQL JDBC URL
     * @throws DatabaseUnreachableException when no connection could be opened within about 5 seconds
     */
    public static HikariDataSource pooled(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("database URL '" + (jdbcUrl == null ? "" : redact(jdbcUrl))
                    + "' is not a PostgreSQL JDBC URL; pass --db jdbc:postgresql://HOST:5432/DATABASE?user=USER");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("hearth-metric-store");
        config.setJdbcUrl(jdbcUrl);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // one attempt at start-up, bounded by the timeouts below, instead of a pool that comes up empty
        config.setInitializationFailTimeout(1);
        // the driver's own connect timeout (seconds, default 10) would otherwise outlast the pool's
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("loginTimeout", String.valueOf(CONNECTION_TIMEOUT.toSeconds()));
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            String url = redact(jdbcUrl);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DatabaseUnreachableException(url, "cannot reach the metric database at " + url + ": "
                    + cause.getMessage() + ". Start PostgreSQL there, or pass a different --db "
                    + "(e.g. jdbc:postgresql://127.0.0.1:5432/hearth?user=hearth), or leave --db out to use "
                    + "the embedded store.", e);
        }
    }

    /** {@code jdbcUrl} without its {@code password} parameter, for messages and logs. */
    public static String redact(String jdbcUrl) {
        String redacted = PASSWORD.matcher(jdbcUrl).replaceAll("$1");
        if (redacted.endsWith("?") || redacted.endsWith("&")) {
            redacted = redacted.substring(0, redacted.length() - 1);
        }
        return redacted;
    }
}

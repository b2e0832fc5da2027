package dev.hearth.collector.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataSourcesIT {

    @Test
    void poolsConnectionsToARunningDatabase() throws SQLException {
        try (TestDatabase database = TestDatabase.create();
             HikariDataSource pool = DataSources.pooled(database.url());
             Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT current_database()")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo(database.name());
            assertThat(pool.getConnectionTimeout()).isEqualTo(5_000);
        }
    }

    @Test
    void anUnreachableDatabaseFailsAtOnceNamingTheUrlWithoutPasswordAndTheFix() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/hearth?user=hearth&password=s3cret&ssl=false";

        assertThatThrownBy(() -> DataSources.pooled(url))
                .isInstanceOf(DatabaseUnreachableException.class)
                .hasMessageStartingWith("cannot reach the metric database at jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/hearth?user=hearth&ssl=false: ")
                .hasMessageContaining("Start PostgreSQL there, or pass a different --db")
                .hasMessageNotContaining("s3cret")
                .satisfies(e -> assertThat(((DatabaseUnreachableException) e).url())
                        .isEqualTo("jdbc:postgresql://127.0.0.1:" + closedPort + "/hearth?user=hearth&ssl=false"));
    }
}

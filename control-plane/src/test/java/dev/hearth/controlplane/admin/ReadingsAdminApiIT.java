package dev.hearth.controlplane.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.query.MetricQueries;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.fleet.ReadingsExposition;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics/readings} when the readings cannot be had: a clear status and message, no stack trace. */
class ReadingsAdminApiIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anUnreachableStoreIs503NamingWhatCouldNotBeRead() throws Exception {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setServerNames(new String[] {"127.0.0.1"});
        unreachable.setPortNumbers(new int[] {freePort()});
        ReadingsExposition readings = ReadingsExposition.of(new MetricQueries(unreachable), Clock.systemUTC(),
                Duration.ofSeconds(2));
        try (AdminApi api = new AdminApi(new ReadingsFleetDouble(readings), JSON,
                AdminToken.generate(new SecureRandom())).start(0)) {
            HttpResponse<String> r = get(api);

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(r.body()).get("error").asText())
                    .startsWith("metric store: could not read the latest value of hearth_bmc_temperature_celsius");
        }
    }

    @Test
    void aFleetThatStoresNoReadingsIs501() throws Exception {
        try (AdminApi api = new AdminApi(new ReadingsFleetDouble(null), JSON,
                AdminToken.generate(new SecureRandom())).start(0)) {
            HttpResponse<String> r = get(api);

            assertThat(r.statusCode()).isEqualTo(501);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("this fleet stores no readings");
        }
    }

    private static HttpResponse<String> get(AdminApi api) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.uri().resolve("/metrics/readings")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A port nothing listens on: bound, then released. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Test double of {@link FleetControl}: readings from the exposition given; without one, the default. */
    private static final class ReadingsFleetDouble extends FleetControlDouble {
        private final ReadingsExposition readings;

        ReadingsFleetDouble(ReadingsExposition readings) {
            this.readings = readings;
        }

        @Override
        public String readings() {
            return readings == null ? super.readings() : readings.render();
        }




    }
}

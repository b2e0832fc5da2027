package dev.hearth.collector.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.SampleBatch;
import dev.hearth.model.Sample;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Large batches through binary COPY: many rows over several days, many new series, retries. */
class CopyIngestIT {
    private static final Instant DAY1 = Instant.parse("2025-02-01T00:00:00Z");

    private TestDatabase database;
    private HikariDataSource dataSource;
    private PostgresMetricStore store;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create();
        dataSource = DataSources.pooled(database.url());
        store = new PostgresMetricStore(dataSource);
        store.migrate();
    }

    @AfterEach
    void dropDatabase() {
        dataSource.close();
        database.close();
    }

    @Test
    void aBatchOf100kSamplesOverThreeDaysIsStoredWholeInItsDayPartitions() throws SQLException {
        // 1,000 series, each read every 259.2 s: 100 readings per series spread over exactly 3 days
        List<Sample> samples = new ArrayList<>();
        for (int step = 0; step < 100; step++) {
            Instant at = DAY1.plusMillis(step * 2_592_000L);
            for (int s = 0; s < 1000; s++) {
                samples.add(new Sample(at, "node-" + (s / 10), "hearth_gpu_temperature_celsius",
                        Map.of("gpu", Integer.toString(s % 10)), step * 1000 + s));
            }
        }
        SampleBatch batch = SampleBatch.of(samples);

        store.append(batch);
        store.append(batch); // a retry after a lost acknowledgement stores nothing more

        assertThat(store.count()).isEqualTo(100_000);
        assertThat(query("SELECT count(*) FROM series")).isEqualTo("1000");
        assertThat(query("SELECT string_agg(p || ':' || n, ',' ORDER BY p) FROM (SELECT tableoid::regclass::text p,"
                + " count(*) n FROM samples GROUP BY 1) t"))
                .isEqualTo("samples_p20250201:34000,samples_p20250202:33000,samples_p20250203:33000");
        // every value went to its own time and series: the sum over the rows and a spot check
        assertThat(query("SELECT sum(value)::bigint FROM samples")).isEqualTo(Long.toString(sumOf(samples)));
        Instant last = DAY1.plusMillis(99 * 2_592_000L);
        assertThat(store.samplesSince(last, Set.of())).hasSize(1000).contains(
                new Sample(last, "node-53", "hearth_gpu_temperature_celsius", Map.of("gpu", "7"), 99_537));
    }

    @Test
    void aBatchWithThousandsOfNewSeriesResolvesThemInBulk() throws SQLException {
        int series = SeriesResolver.CHUNK + 2_345; // more than one chunk of new series
        List<Sample> samples = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            samples.add(new Sample(DAY1, "node-" + (s % 500), "hearth_scrape_samples",
                    Map.of("target", "t" + s, "odd", "quote \" backslash \\ comma , brace {}"), s));
        }
        store.append(SampleBatch.of(samples));
        // a second store (another process, empty cache) finds the same series instead of adding any
        PostgresMetricStore second = new PostgresMetricStore(dataSource);
        second.append(SampleBatch.of(samples.stream().map(x -> new Sample(DAY1.plusSeconds(15), x.node(), x.metric(),
                x.labels(), x.value() + 0.5)).toList()));

        assertThat(query("SELECT count(*) FROM series")).isEqualTo(Integer.toString(series));
        assertThat(store.count()).isEqualTo(2L * series);
        // each sample's value names its series: a mix-up of ids would show here
        assertThat(query("SELECT count(*) FROM samples s JOIN series r ON r.id = s.series_id"
                + " WHERE 't' || floor(s.value)::int <> r.labels ->> 'target'"
                + " OR 'node-' || (floor(s.value)::int % 500) <> r.node")).isEqualTo("0");
        List<Sample> read = store.samplesSince(DAY1, Set.of());
        Set<Sample> readSet = new HashSet<>(read); // a set: a list's containsAll is quadratic at this size
        assertThat(read).hasSize(2 * series);
        assertThat(samples.stream().filter(sample -> !readSet.contains(sample)).toList()).isEmpty();
    }

    @Test
    void timesAtTheEdgesOfAMicrosecondAndOfTheEpochsRoundTrip() {
        List<Sample> samples = List.of(
                Sample.of(Instant.parse("1999-12-31T23:59:59.999999Z"), "n1", "a", 1),
                Sample.of(Instant.parse("2000-01-01T00:00:00Z"), "n1", "a", 2),
                Sample.of(Instant.parse("1969-12-31T23:59:59.000001Z"), "n1", "a", 3),
                Sample.of(Instant.parse("2262-04-11T23:47:16.854775Z"), "n1", "a", 4));
        store.append(SampleBatch.of(samples));

        assertThat(store.samplesSince(Instant.EPOCH.minus(Duration.ofDays(1)), Set.of())).containsExactly(
                samples.get(2), samples.get(0), samples.get(1), samples.get(3));
    }

    private static long sumOf(List<Sample> samples) {
        long sum = 0;
        for (Sample s : samples) {
            sum += (long) s.value();
        }
        return sum;
    }

    private String query(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}

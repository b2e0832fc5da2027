package dev.hearth.collector.query;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.store.DataSources;
import dev.hearth.collector.store.PostgresMetricStore;
import dev.hearth.model.Sample;
import dev.hearth.testsupport.TestDatabase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throw-away database with the collector's schema, written through the real store and read through
 * {@link MetricQueries}, for one test class.
 */
final class QueryDatabase implements AutoCloseable {
    private final TestDatabase database;
    private final HikariDataSource dataSource;
    private final PostgresMetricStore store;
    final MetricQueries queries;

    QueryDatabase() {
        database = TestDatabase.create();
        dataSource = DataSources.pooled(database.url());
        store = new PostgresMetricStore(dataSource);
        store.migrate();
        queries = new MetricQueries(dataSource);
    }

    void write(Sample... samples) {
        store.append(SampleBatch.of(List.of(samples)));
    }

    /** One reading of the series every {@code stepSeconds} from {@code start}, one value per step. */
    void writeEvery(long stepSeconds, Instant start, String node, String metric, Map<String, String> labels,
                    double... values) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new Sample(start.plusSeconds(stepSeconds * i), node, metric, labels, values[i]));
        }
        store.append(SampleBatch.of(samples));
    }

    @Override
    public void close() {
        dataSource.close();
        database.close();
    }
}

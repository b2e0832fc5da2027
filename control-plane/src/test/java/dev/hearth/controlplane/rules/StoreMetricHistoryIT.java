package dev.hearth.controlplane.rules;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.query.MetricQueries;
import dev.hearth.collector.store.DataSources;
import dev.hearth.collector.store.PostgresMetricStore;
import dev.hearth.model.Sample;
import dev.hearth.rules.history.SeriesIncrease;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Long-window increases read from a real store, and when an earlier answer is reused. */
class StoreMetricHistoryIT {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final String COUNTER = "hearth_gateway_requests_total";

    private TestDatabase db;
    private HikariDataSource dataSource;
    private PostgresMetricStore store;

    @BeforeEach
    void open() {
        db = TestDatabase.create();
        dataSource = DataSources.pooled(db.url());
        store = new PostgresMetricStore(dataSource);
        store.migrate();
    }

    @AfterEach
    void close() {
        dataSource.close();
        db.close();
    }

    /** One request a second, a sample a minute, over {@code minutes} minutes from T0. */
    private void requests(int fromMinute, int toMinute) {
        List<Sample> samples = new ArrayList<>();
        for (int m = fromMinute; m <= toMinute; m++) {
            samples.add(new Sample(T0.plusSeconds(60L * m), "gateway", COUNTER, Map.of("outcome", "ok"), 60.0 * m));
        }
        store.append(SampleBatch.of(samples));
    }

    private static double increase(StoreMetricHistory history, Instant to) {
        List<SeriesIncrease> incs = history.increases(COUNTER, to.minusSeconds(3600), to);
        assertThat(incs).hasSize(1);
        return incs.get(0).amount();
    }

    @Test
    void aFilledLongWindowIsReadAgainOnlyAfterAWindowOverSixty() {
        requests(0, 120);
        StoreMetricHistory history = new StoreMetricHistory(new MetricQueries(dataSource), true);
        Instant at = T0.plusSeconds(120 * 60);
        assertThat(increase(history, at)).isEqualTo(3600.0);

        // 20 s later the counter reads 40 more: a fresh read over the hour to at + 30 s is 3,640
        store.append(SampleBatch.of(List.of(new Sample(at.plusSeconds(20), "gateway", COUNTER,
                Map.of("outcome", "ok"), 7240))));
        StoreMetricHistory exact = new StoreMetricHistory(new MetricQueries(dataSource), false);
        assertThat(increase(exact, at.plusSeconds(30))).isEqualTo(3640.0);
        // 1 h over 60 is 60 s: at + 30 s the earlier answer stands; at + 61 s it is read again, measured
        // from minute 61 (3,660) to the newest sample (7,240)
        assertThat(increase(history, at.plusSeconds(30))).isEqualTo(3600.0);
        assertThat(increase(history, at.plusSeconds(61))).isEqualTo(3580.0);
    }

    @Test
    void aWindowTheHistoryDoesNotFillYetIsReadEveryTime() {
        requests(0, 10);
        StoreMetricHistory history = new StoreMetricHistory(new MetricQueries(dataSource), true);
        Instant at = T0.plusSeconds(10 * 60);
        assertThat(increase(history, at)).isEqualTo(600.0);

        requests(11, 11);
        assertThat(increase(history, at.plusSeconds(60))).isEqualTo(660.0);
    }
}

package dev.hearth.collector.buffer;

import dev.hearth.testsupport.ManualClockDouble;
import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.store.DataSources;
import dev.hearth.collector.store.PostgresMetricStore;
import dev.hearth.model.Sample;
import dev.hearth.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ambiguous failure, on a real PostgreSQL store: the commit reached the database but the answer
 * did not, so the buffer offers the same batch again. The store must hold it once.
 */
class AcknowledgementLostIT {
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:00Z");

    @TempDir
    Path spill;

    private final ManualClockDouble clock = new ManualClockDouble(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
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
    void aBatchOfferedAgainFromMemoryIsStoredOnce() {
        BatchBuffer buffer = new BatchBuffer(new AckLosingSinkDouble(store, 1), BufferConfig.inMemory(100),
                registry, clock);
        SampleBatch batch = Batches.of(T0, 3);

        assertThat(buffer.submit(batch, T0)).isZero();
        assertThat(store.count()).isEqualTo(3); // stored, though the buffer could not know
        assertThat(buffer.depth().memoryBatches()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(buffer.flush()).isEqualTo(3);

        assertThat(buffer.depth()).isEqualTo(BufferDepth.EMPTY);
        assertThat(store.count()).isEqualTo(3);
        assertThat(store.samplesSince(T0, Set.of())).containsExactlyElementsOf(batch.samples());
    }

    @Test
    void aBatchSpilledAfterALostAcknowledgementAndReplayedAfterARestartIsStoredOnce() {
        BufferConfig config = BufferConfig.withSpill(0, spill);
        BatchBuffer crashed = new BatchBuffer(new AckLosingSinkDouble(store, 2), config, registry, clock);
        SampleBatch b1 = Batches.of(T0, 3);
        SampleBatch b2 = Batches.of(T0.plusSeconds(15), 3);
        crashed.submit(b1, T0);
        clock.advance(Duration.ofSeconds(15));
        crashed.submit(b2, T0.plusSeconds(15));
        // b1 was committed twice over (the second time as a no-op) without an answer; b2 was never reached
        assertThat(crashed.depth().spilledBatches()).isEqualTo(2);
        assertThat(store.count()).isEqualTo(3);
        crashed.close(); // memory is empty (bound 0): this only lets go of the directory, as a crash would

        BatchBuffer restarted = new BatchBuffer(store, config, registry, clock);
        assertThat(restarted.flush()).isEqualTo(6);

        assertThat(restarted.depth()).isEqualTo(BufferDepth.EMPTY);
        assertThat(store.count()).isEqualTo(6);
        assertThat(store.samplesSince(T0, Set.of()))
                .extracting(Sample::time)
                .containsExactly(T0, T0, T0, T0.plusSeconds(15), T0.plusSeconds(15), T0.plusSeconds(15));
    }
}

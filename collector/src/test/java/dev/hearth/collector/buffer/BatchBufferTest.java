package dev.hearth.collector.buffer;

import dev.hearth.testsupport.ManualClockDouble;
import dev.hearth.collector.SampleBatch;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchBufferTest {
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:00Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final ManualClockDouble clock = new ManualClockDouble(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingSinkDouble sink = new RecordingSinkDouble();

    private BatchBuffer buffer(BufferConfig config) {
        return new BatchBuffer(sink, config.withBackoff(SECOND, Duration.ofSeconds(8)), registry, clock);
    }

    private BufferConfig spilling(int maxMemorySamples) {
        return BufferConfig.withSpill(maxMemorySamples, dir);
    }

    @Test
    void aBatchGoesStraightToAStoreThatIsUpAndItsLagIsMeasured() {
        BatchBuffer buffer = buffer(BufferConfig.inMemory(100));
        SampleBatch batch = Batches.of(T0, 3);
        clock.advance(Duration.ofSeconds(2));

        assertThat(buffer.submit(batch, T0)).isEqualTo(3);

        assertThat(sink.stored()).containsExactly(batch);
        assertThat(buffer.depth()).isEqualTo(BufferDepth.EMPTY);
        assertThat(registry.get(MetricCatalogue.COLLECTOR_INGEST_LAG.meterName()).timer().totalTime(TimeUnit.SECONDS))
                .isEqualTo(2.0);
        assertThat(gauge(MetricCatalogue.COLLECTOR_LAST_SUCCESS)).isEqualTo(T0.plusSeconds(2).getEpochSecond());
        assertThat(counter(MetricCatalogue.COLLECTOR_SAMPLES_STORED)).isEqualTo(3.0);
    }

    @Test
    void whileTheStoreIsDownBatchesWaitAndGoOutOldestFirstAfterTheBackoff() {
        BatchBuffer buffer = buffer(BufferConfig.inMemory(100));
        SampleBatch b1 = Batches.of(T0, 3);
        SampleBatch b2 = Batches.of(T0.plusMillis(500), 3);
        SampleBatch b3 = Batches.of(T0.plusSeconds(1), 3);
        sink.down();

        assertThat(buffer.submit(b1, T0)).isZero();
        clock.advance(Duration.ofMillis(500));
        assertThat(buffer.submit(b2, T0.plusMillis(500))).isZero(); // within the 1 s backoff: not even tried
        clock.advance(Duration.ofMillis(500));
        assertThat(buffer.submit(b3, T0.plusSeconds(1))).isZero(); // tried again: b1 first, and failed
        assertThat(sink.attempts()).containsExactly(b1.id(), b1.id());
        assertThat(buffer.depth()).isEqualTo(new BufferDepth(3, 9, 0, 0));

        sink.up();
        clock.advance(SECOND);
        assertThat(buffer.flush()).isZero(); // the backoff is now 2 s
        clock.advance(SECOND);
        assertThat(buffer.flush()).isEqualTo(9);

        assertThat(sink.stored()).containsExactly(b1, b2, b3);
        assertThat(buffer.depth()).isEqualTo(BufferDepth.EMPTY);
        assertThat(gauge(MetricCatalogue.COLLECTOR_PENDING_SAMPLES)).isZero();
    }

    @Test
    void theBackoffDoublesUpToItsMaximumAndStartsOverAfterASuccess() {
        BatchBuffer buffer = buffer(BufferConfig.inMemory(100));
        sink.down();
        buffer.submit(Batches.of(T0, 1), T0);
        List<Long> attemptSeconds = new ArrayList<>(List.of(0L));
        for (int second = 1; second <= 40; second++) {
            clock.advance(SECOND);
            int before = sink.attempts().size();
            buffer.flush();
            if (sink.attempts().size() > before) {
                attemptSeconds.add((long) second);
            }
        }
        assertThat(attemptSeconds).containsExactly(0L, 1L, 3L, 7L, 15L, 23L, 31L, 39L);

        sink.up();
        clock.advance(Duration.ofSeconds(8));
        assertThat(buffer.flush()).isEqualTo(1);
        sink.down();
        buffer.submit(Batches.of(T0, 1), clock.instant());
        int failures = sink.attempts().size();
        clock.advance(SECOND);
        buffer.flush();
        assertThat(sink.attempts()).hasSize(failures + 1); // 1 s again, not 8 s
    }

    @Test
    void pastTheMemoryBoundTheOldestBatchesSpillToDiskAndComeBackInOrder() throws IOException {
        BatchBuffer buffer = buffer(spilling(5));
        List<SampleBatch> batches = new ArrayList<>();
        sink.down();
        for (int i = 0; i < 4; i++) {
            SampleBatch batch = Batches.of(T0.plusSeconds(i), 3);
            batches.add(batch);
            buffer.submit(batch, T0.plusSeconds(i));
        }

        BufferDepth depth = buffer.depth();
        assertThat(depth.memoryBatches()).isEqualTo(1);
        assertThat(depth.memorySamples()).isEqualTo(3);
        assertThat(depth.spilledBatches()).isEqualTo(3);
        assertThat(spillFiles()).hasSize(3);
        assertThat(depth.spilledBytes()).isEqualTo(bytesOf(spillFiles()));
        assertThat(gauge(MetricCatalogue.COLLECTOR_SPILLED_BATCHES)).isEqualTo(3.0);
        assertThat(gauge(MetricCatalogue.COLLECTOR_SPILLED_BYTES)).isEqualTo((double) depth.spilledBytes());
        assertThat(gauge(MetricCatalogue.COLLECTOR_PENDING_BATCHES)).isEqualTo(1.0);

        sink.up();
        clock.advance(Duration.ofSeconds(8));
        assertThat(buffer.flush()).isEqualTo(12);

        assertThat(sink.stored()).containsExactlyElementsOf(batches);
        assertThat(spillFiles()).isEmpty();
        assertThat(buffer.samplesDropped()).isZero();
    }

    @Test
    void withoutASpillDirectoryTheOldestBatchesAreDroppedAndCounted() {
        BatchBuffer buffer = buffer(BufferConfig.inMemory(5));
        SampleBatch last = Batches.of(T0.plusSeconds(2), 3);
        sink.down();
        buffer.submit(Batches.of(T0, 3), T0);
        buffer.submit(Batches.of(T0.plusSeconds(1), 3), T0.plusSeconds(1));
        buffer.submit(last, T0.plusSeconds(2));

        assertThat(buffer.samplesDropped()).isEqualTo(6);
        assertThat(counter(MetricCatalogue.COLLECTOR_SAMPLES_DROPPED)).isEqualTo(6.0);
        sink.up();
        clock.advance(Duration.ofSeconds(8));
        buffer.flush();
        assertThat(sink.stored()).containsExactly(last);
    }

    @Test
    void theSpillDirectoryIsBoundedByDroppingItsOldestFiles() throws IOException {
        long oneFile = SpillCodec.encode(new PendingBatch(Batches.of(T0, 3), T0)).length;
        BatchBuffer buffer = buffer(spilling(0).withMaxSpillBytes(2 * oneFile + oneFile / 2));
        List<SampleBatch> batches = new ArrayList<>();
        sink.down();
        for (int i = 0; i < 4; i++) {
            batches.add(Batches.of(T0.plusSeconds(i), 3));
            buffer.submit(batches.get(i), T0.plusSeconds(i));
        }

        assertThat(spillFiles()).hasSize(2);
        assertThat(buffer.samplesDropped()).isEqualTo(6);
        sink.up();
        clock.advance(Duration.ofSeconds(8));
        buffer.flush();
        assertThat(sink.stored()).containsExactly(batches.get(2), batches.get(3));
    }

    @Test
    void batchesSpilledByAnEarlierRunAreStoredFirstWithTheirIds() {
        BatchBuffer crashed = buffer(spilling(0));
        SampleBatch b1 = Batches.of(T0, 2);
        SampleBatch b2 = Batches.of(T0.plusSeconds(1), 2);
        sink.down();
        crashed.submit(b1, T0);
        crashed.submit(b2, T0.plusSeconds(1));
        crashed.close(); // memory is empty (bound 0), so this only lets go of the directory, as a crash would
        sink.up();

        BatchBuffer restarted = buffer(spilling(0));
        assertThat(restarted.depth().spilledBatches()).isEqualTo(2);
        SampleBatch b3 = Batches.of(T0.plusSeconds(2), 2);
        assertThat(restarted.submit(b3, T0.plusSeconds(2))).isEqualTo(6);

        assertThat(sink.stored()).extracting(SampleBatch::id).containsExactly(b1.id(), b2.id(), b3.id());
        assertThat(sink.stored()).containsExactly(b1, b2, b3);
    }

    @Test
    void closingWritesWhatMemoryHoldsForTheNextStart() throws IOException {
        BatchBuffer first = buffer(spilling(100));
        SampleBatch b1 = Batches.of(T0, 2);
        SampleBatch b2 = Batches.of(T0.plusSeconds(1), 2);
        sink.down();
        first.submit(b1, T0);
        first.submit(b2, T0.plusSeconds(1));
        assertThat(spillFiles()).isEmpty();

        first.close();

        assertThat(spillFiles()).hasSize(2);
        assertThatThrownBy(() -> first.submit(Batches.of(T0, 1), T0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this batch buffer is closed");
        sink.up();
        assertThat(buffer(spilling(100)).flush()).isEqualTo(4);
        assertThat(sink.stored()).containsExactly(b1, b2);
    }

    @Test
    void aCorruptSpillFileIsMovedAsideAndTheOthersAreStored() throws IOException {
        BatchBuffer first = buffer(spilling(0));
        SampleBatch b1 = Batches.of(T0, 2);
        SampleBatch b2 = Batches.of(T0.plusSeconds(1), 2);
        SampleBatch b3 = Batches.of(T0.plusSeconds(2), 2);
        sink.down();
        first.submit(b1, T0);
        first.submit(b2, T0.plusSeconds(1));
        first.submit(b3, T0.plusSeconds(2));
        first.close();
        Path middle = spillFiles().get(1);
        byte[] content = Files.readAllBytes(middle);
        content[content.length / 2] ^= 0x01;
        Files.write(middle, content);
        sink.up();

        BatchBuffer restarted = buffer(spilling(0));
        assertThat(restarted.flush()).isEqualTo(4);

        assertThat(sink.stored()).containsExactly(b1, b3);
        assertThat(dir.resolve(SpillDirectory.CORRUPT_FOLDER).resolve(middle.getFileName())).exists();
        assertThat(spillFiles()).isEmpty();
        assertThat(counter(MetricCatalogue.COLLECTOR_SPILL_CORRUPT_FILES)).isEqualTo(1.0);
    }

    @Test
    void aHalfWrittenSpillFileLeftByACrashIsDeletedNotReplayed() throws IOException {
        BatchBuffer first = buffer(spilling(0));
        SampleBatch b1 = Batches.of(T0, 2);
        sink.down();
        first.submit(b1, T0);
        first.close();
        byte[] whole = SpillCodec.encode(new PendingBatch(Batches.of(T0.plusSeconds(1), 2), T0.plusSeconds(1)));
        Path half = dir.resolve(String.format("%019d-%d-2.batch.tmp", 1, T0.plusSeconds(1).toEpochMilli()));
        Files.write(half, Arrays.copyOf(whole, whole.length / 2));
        sink.up();

        BatchBuffer restarted = buffer(spilling(0));
        assertThat(half).doesNotExist();
        assertThat(restarted.flush()).isEqualTo(2);
        assertThat(sink.stored()).containsExactly(b1);
    }

    @Test
    void theOldestPendingAgeFollowsTheClockUntilTheStoreAcknowledges() {
        BatchBuffer buffer = buffer(spilling(0));
        sink.down();
        buffer.submit(Batches.of(T0, 2), T0);
        clock.advance(Duration.ofSeconds(30));

        assertThat(gauge(MetricCatalogue.COLLECTOR_OLDEST_PENDING_AGE)).isEqualTo(30.0);

        sink.up();
        clock.advance(SECOND);
        buffer.flush();
        assertThat(gauge(MetricCatalogue.COLLECTOR_OLDEST_PENDING_AGE)).isZero();
        assertThat(registry.get(MetricCatalogue.COLLECTOR_INGEST_LAG.meterName()).timer().totalTime(TimeUnit.SECONDS))
                .isEqualTo(31.0);
        assertThat(gauge(MetricCatalogue.COLLECTOR_LAST_SUCCESS)).isEqualTo(T0.plusSeconds(31).getEpochSecond());
    }

    @Test
    void aSinkBugPropagatesAndTheBatchStaysPending() {
        BatchBuffer buffer = new BatchBuffer(batch -> {
            throw new IllegalStateException("test double: a bug in the store");
        }, BufferConfig.inMemory(100), registry, clock);

        assertThatThrownBy(() -> buffer.submit(Batches.of(T0, 2), T0)).hasMessage("test double: a bug in the store");
        assertThat(buffer.depth()).isEqualTo(new BufferDepth(1, 2, 0, 0));
    }

    @Test
    void aSpillDirectoryInUseByAnotherCollectorIsRefused() {
        BatchBuffer first = buffer(spilling(10));

        assertThatThrownBy(() -> buffer(spilling(10)))
                .isInstanceOf(SpillDirectoryException.class)
                .hasMessage("the collector's spill directory " + dir + " is in use by another collector (it holds the"
                        + " lock on spill.lock). Give each collector its own spill directory, e.g. its own --data-dir,"
                        + " or stop the other one.");
        first.close();
        assertThat(buffer(spilling(10)).depth()).isEqualTo(BufferDepth.EMPTY);
    }

    @Test
    void anUnusableSpillDirectoryNamesItAndTheFix() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");

        assertThatThrownBy(() -> buffer(BufferConfig.withSpill(10, file)))
                .isInstanceOf(SpillDirectoryException.class)
                .hasMessageStartingWith("the collector's spill directory " + file + " cannot be used: ")
                .hasMessageEndingWith("Make it a directory this user can write, or configure another one.");
    }

    @Test
    void configurationOutOfRangeIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> BufferConfig.inMemory(-1))
                .hasMessageStartingWith("maxMemorySamples is -1;");
        assertThatThrownBy(() -> BufferConfig.inMemory(1).withBackoff(Duration.ofSeconds(5), SECOND))
                .hasMessage("the store retry backoff PT5S to PT1S is not a range: give 0 or more, the maximum at least"
                        + " the initial wait (e.g. PT1S to PT30S)");
        assertThatThrownBy(() -> new BufferConfig(1, Optional.of(dir), -1, SECOND, SECOND))
                .hasMessageStartingWith("maxSpillBytes is -1;");
    }

    private List<Path> spillFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SpillDirectory.SUFFIX)).sorted().toList();
        }
    }

    private static long bytesOf(List<Path> files) throws IOException {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        return total;
    }

    private double gauge(MetricSpec spec) {
        return registry.get(spec.meterName()).gauge().value();
    }

    private double counter(MetricSpec spec) {
        return registry.get(spec.meterName()).counter().count();
    }
}

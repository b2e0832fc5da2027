package dev.hearth.collector.buffer;

import dev.hearth.collector.SampleBatch;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpillCodecTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05.123456789Z");
    private static final PendingBatch BATCH = new PendingBatch(new SampleBatch(
            UUID.fromString("0f3c2a4e-8d1b-4c7a-9e2f-5b6d7c8e9f01"), List.of(
                    new Sample(AT, "node-1", "hearth_bmc_temperature_celsius",
                            Map.of("sensor", "CPU °C", "household", "household-1"), 61.5),
                    new Sample(AT, "node-1", "hearth_scrape_up", Map.of("source", "bmc"), 0),
                    new Sample(AT, "node-2", "nan_and_infinities", Map.of("v", ""), Double.NaN),
                    new Sample(AT, "node-2", "negative_zero", Map.of(), -0.0),
                    new Sample(AT, "node-2", "plus_inf", Map.of("long", "x".repeat(70_000)),
                            Double.POSITIVE_INFINITY))),
            AT.plusSeconds(1));

    @Test
    void aBatchReadsBackExactlyAsItWasWritten() throws CorruptSpillFileException {
        PendingBatch back = SpillCodec.decode(SpillCodec.encode(BATCH));

        assertThat(back.collectedAt()).isEqualTo(BATCH.collectedAt());
        assertThat(back.batch().id()).isEqualTo(BATCH.batch().id());
        assertThat(back.batch().samples()).isEqualTo(BATCH.batch().samples());
        assertThat(Double.doubleToRawLongBits(back.batch().samples().get(3).value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void everyAlteredByteIsDetected() {
        PendingBatch small = new PendingBatch(new SampleBatch(BATCH.batch().id(), BATCH.batch().samples().subList(0, 2)),
                AT);
        byte[] good = SpillCodec.encode(small);

        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            int position = i;
            assertThatThrownBy(() -> SpillCodec.decode(bad))
                    .as("byte %d of %d altered", position, good.length)
                    .isInstanceOf(CorruptSpillFileException.class);
        }
    }

    @Test
    void aTruncatedOrExtendedFileIsDetected() {
        byte[] good = SpillCodec.encode(BATCH);

        for (int length : new int[] {0, 3, SpillCodec.HEADER_BYTES - 1, SpillCodec.HEADER_BYTES, good.length / 2,
                good.length - 1}) {
            assertThatThrownBy(() -> SpillCodec.decode(Arrays.copyOf(good, length)))
                    .as("first %d bytes", length)
                    .isInstanceOf(CorruptSpillFileException.class);
        }
        assertThatThrownBy(() -> SpillCodec.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(CorruptSpillFileException.class)
                .hasMessageContaining("truncated or appended to");
    }

    @Test
    void aFileOfAnotherFormatNamesWhatItStartsWith() {
        assertThatThrownBy(() -> SpillCodec.decode("not a spill file at all".getBytes()))
                .isInstanceOf(CorruptSpillFileException.class)
                .hasMessage("it starts with 0x6e6f7420, not the spill magic 0x48534231");
    }
}

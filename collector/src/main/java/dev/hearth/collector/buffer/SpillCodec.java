package dev.hearth.collector.buffer;

import dev.hearth.collector.SampleBatch;
import dev.hearth.model.Sample;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The bytes of one spill file: one batch, all of it or nothing. Big-endian throughout:
 *
 * <pre>
 * header   magic "HSB1" (4 bytes) | payload length (int32) | CRC32C of the payload (int32)
 * payload  batch id (2 × int64) | collected at (int64 epoch seconds, int32 nanos) | sample count (int32)
 *          then per sample: time (int64 seconds, int32 nanos) | node | metric | label count (int32)
 *          | label name, label value ... | value (float64 bits)
 * strings  byte length (int32) | UTF-8 bytes
 * </pre>
 *
 * Reading checks the magic, that the length matches the file, the checksum, and that the payload
 * decodes to valid samples with nothing left over; anything else is a {@link CorruptSpillFileException}.
 */
final class SpillCodec {
    static final int MAGIC = 0x48534231; // "HSB1"
    static final int HEADER_BYTES = 12;
    /** time (12) + node, metric lengths (8) + label count (4) + value (8): the least one sample takes. */
    private static final int MIN_SAMPLE_BYTES = 32;

    private SpillCodec() {
    }

    static byte[] encode(PendingBatch pending) {
        ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream(64 + pending.size() * 96);
        try (DataOutputStream out = new DataOutputStream(payloadBytes)) {
            SampleBatch batch = pending.batch();
            out.writeLong(batch.id().getMostSignificantBits());
            out.writeLong(batch.id().getLeastSignificantBits());
            writeInstant(out, pending.collectedAt());
            out.writeInt(batch.size());
            for (Sample sample : batch.samples()) {
                writeInstant(out, sample.time());
                writeString(out, sample.node());
                writeString(out, sample.metric());
                out.writeInt(sample.labels().size());
                for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                    writeString(out, label.getKey());
                    writeString(out, label.getValue());
                }
                out.writeLong(Double.doubleToRawLongBits(sample.value()));
            }
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail
            throw new UncheckedIOException(e);
        }
        byte[] payload = payloadBytes.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer file = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        file.putInt(MAGIC).putInt(payload.length).putInt((int) crc.getValue()).put(payload);
        return file.array();
    }

    static PendingBatch decode(byte[] file) throws CorruptSpillFileException {
        if (file.length < HEADER_BYTES) {
            throw new CorruptSpillFileException("it has " + file.length + " bytes, fewer than the " + HEADER_BYTES
                    + "-byte header");
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new CorruptSpillFileException(String.format("it starts with 0x%08x, not the spill magic 0x%08x",
                    magic, MAGIC));
        }
        int length = in.getInt();
        if (length != file.length - HEADER_BYTES) {
            throw new CorruptSpillFileException("its header announces " + length + " payload bytes but "
                    + (file.length - HEADER_BYTES) + " follow (truncated or appended to)");
        }
        int expected = in.getInt();
        CRC32C crc = new CRC32C();
        crc.update(file, HEADER_BYTES, length);
        if ((int) crc.getValue() != expected) {
            throw new CorruptSpillFileException(String.format("CRC32C of its payload is 0x%08x, the header says 0x%08x",
                    (int) crc.getValue(), expected));
        }
        try {
            PendingBatch batch = payload(in);
            if (in.hasRemaining()) {
                throw new CorruptSpillFileException(in.remaining() + " bytes follow the last sample");
            }
            return batch;
        } catch (BufferUnderflowException e) {
            throw new CorruptSpillFileException("its payload ends in the middle of a sample", e);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new CorruptSpillFileException("its payload holds an invalid sample: " + e.getMessage(), e);
        }
    }

    private static PendingBatch payload(ByteBuffer in) throws CorruptSpillFileException {
        UUID id = new UUID(in.getLong(), in.getLong());
        Instant collectedAt = readInstant(in);
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / MIN_SAMPLE_BYTES) {
            throw new CorruptSpillFileException("its sample count " + count + " does not fit the "
                    + in.remaining() + " bytes that follow");
        }
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant time = readInstant(in);
            String node = readString(in);
            String metric = readString(in);
            int labelCount = in.getInt();
            if (labelCount < 0 || labelCount > in.remaining() / 8) {
                throw new CorruptSpillFileException("sample " + i + " has a label count of " + labelCount);
            }
            Map<String, String> labels = new TreeMap<>();
            for (int l = 0; l < labelCount; l++) {
                labels.put(readString(in), readString(in));
            }
            samples.add(new Sample(time, node, metric, labels, Double.longBitsToDouble(in.getLong())));
        }
        return new PendingBatch(new SampleBatch(id, samples), collectedAt);
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(ByteBuffer in) {
        return Instant.ofEpochSecond(in.getLong(), in.getInt());
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(ByteBuffer in) throws CorruptSpillFileException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new CorruptSpillFileException("a string length of " + length + " does not fit the "
                    + in.remaining() + " bytes that follow");
        }
        ByteBuffer bytes = in.slice(in.position(), length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptSpillFileException("a string is not valid UTF-8", e);
        }
    }
}

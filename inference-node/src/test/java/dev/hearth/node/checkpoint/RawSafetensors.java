package dev.hearth.node.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made safetensors files, valid or not, for the tests of what the reader refuses. */
final class RawSafetensors {
    private RawSafetensors() {
    }

    /** A file whose header is {@code json} (single quotes stand for double) followed by {@code dataBytes} bytes. */
    static Path write(Path file, String json, int dataBytes) throws IOException {
        byte[] header = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        return writeWithLength(file, header.length, header, dataBytes);
    }

    /** A file that claims a header of {@code length} bytes, then holds {@code header} and {@code dataBytes} bytes. */
    static Path writeWithLength(Path file, long length, byte[] header, int dataBytes) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(length).put(header);
        for (int i = 0; i < dataBytes; i++) {
            out.put((byte) i);
        }
        return Files.write(file, out.array());
    }
}

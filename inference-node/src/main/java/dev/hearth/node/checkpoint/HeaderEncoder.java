package dev.hearth.node.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The header of one shard: metadata first, then the tensors in the order they were added, each
 * right after the previous one, padded with spaces to a multiple of 8 bytes as the reference
 * writer does, so that the data region (and every F32 tensor in it) starts 8-byte aligned.
 */
final class HeaderEncoder {
    private HeaderEncoder() {
    }

    static byte[] encode(ObjectMapper json, List<PendingTensor> tensors, Map<String, String> metadata) {
        ObjectNode root = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = root.putObject(HeaderParser.METADATA_KEY);
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (PendingTensor t : tensors) {
            ObjectNode e = root.putObject(t.name());
            e.put("dtype", t.dtype().code());
            ArrayNode shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            e.putArray("data_offsets").add(offset).add(offset + t.data().length);
            offset += t.data().length;
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a header of strings and numbers always serializes", e);
        }
        int padded = (bytes.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(bytes, padded);
        Arrays.fill(out, bytes.length, padded, (byte) ' ');
        return out;
    }
}

package dev.hearth.node.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors header and checks every entry against the data region it describes, so
 * that no later read can run past the file or hand back another tensor's bytes.
 */
final class HeaderParser {
    /** The reference implementation's limit too: a larger header is a corrupt length, not a model. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    private final Path file;
    private final long dataStart;
    private final long dataSize;

    private HeaderParser(Path file, long dataStart, long dataSize) {
        this.file = file;
        this.dataStart = dataStart;
        this.dataSize = dataSize;
    }

    /** Parses {@code json}, the header of {@code file} whose data region is {@code dataSize} bytes at {@code dataStart}. */
    static Header parse(Path file, byte[] json, long dataStart, long dataSize) {
        return new HeaderParser(file, dataStart, dataSize).parse(json);
    }

    private Header parse(byte[] json) {
        JsonNode root = readJson(json);
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = metadata(e.getValue());
            } else {
                tensors.put(e.getKey(), tensor(e.getKey(), e.getValue()));
            }
        }
        rejectOverlaps(tensors.values());
        return new Header(tensors, metadata);
    }

    private JsonNode readJson(byte[] json) {
        JsonNode root;
        try {
            root = JsonMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build()
                    .readTree(json);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file + ": the header is not valid JSON (" + e.getOriginalMessage()
                    + "); expected a JSON object of tensor entries", e);
        } catch (IOException e) {
            throw new CheckpointException(file + ": the header cannot be read (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file + ": the header must be a JSON object of tensor entries, found "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        return root;
    }

    private Map<String, String> metadata(JsonNode node) {
        if (!node.isObject()) {
            throw new CheckpointException(file + ": \"" + METADATA_KEY + "\" must be an object of strings, found "
                    + node.getNodeType().toString().toLowerCase());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(file + ": \"" + METADATA_KEY + "\" must map strings to strings, but "
                        + e.getKey() + " is " + e.getValue().getNodeType().toString().toLowerCase());
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private TensorInfo tensor(String name, JsonNode entry) {
        if (!entry.isObject()) {
            throw fail(name, "must be an object with dtype, shape and data_offsets, found "
                    + entry.getNodeType().toString().toLowerCase());
        }
        JsonNode dtypeNode = entry.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw fail(name, "needs a string \"dtype\" (one of " + DType.supported() + "), found " + dtypeNode);
        }
        DType dtype = DType.parse(dtypeNode.textValue(), file, name);
        List<Long> shape = naturals(name, "shape", entry.get("shape"));
        List<Long> offsets = naturals(name, "data_offsets", entry.get("data_offsets"));
        if (offsets.size() != 2) {
            throw fail(name, "needs \"data_offsets\" [begin, end], found " + offsets);
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (begin > end) {
            throw fail(name, "has data_offsets " + offsets + " that run backwards; expected begin <= end");
        }
        if (end > dataSize) {
            throw fail(name, "has data_offsets " + offsets + " ending past the data region, which is "
                    + dataSize + " bytes (is the file truncated?)");
        }
        long bytes = byteCount(name, dtype, shape);
        if (end - begin != bytes) {
            throw fail(name, "has dtype " + dtype + " and shape " + shape + ", which need " + bytes
                    + " bytes, but its data_offsets " + offsets + " span " + (end - begin));
        }
        return new TensorInfo(name, dtype, shape, file, dataStart + begin, end - begin);
    }

    private long byteCount(String name, DType dtype, List<Long> shape) {
        try {
            long n = dtype.bytesPerElement();
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        } catch (ArithmeticException e) {
            throw fail(name, "has shape " + shape + ", more elements than any file can hold");
        }
    }

    /** A JSON array of non-negative integers. */
    private List<Long> naturals(String name, String field, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw fail(name, "needs \"" + field + "\" as an array of non-negative integers, found " + node);
        }
        List<Long> out = new ArrayList<>(node.size());
        for (JsonNode v : node) {
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw fail(name, "needs \"" + field + "\" as an array of non-negative integers, found " + node);
            }
            out.add(v.longValue());
        }
        return out;
    }

    private void rejectOverlaps(Iterable<TensorInfo> tensors) {
        List<TensorInfo> sorted = new ArrayList<>();
        tensors.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::offset).thenComparingLong(TensorInfo::byteLength));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo prev = sorted.get(i - 1);
            TensorInfo next = sorted.get(i);
            if (next.offset() < prev.offset() + prev.byteLength()) {
                throw fail(next.name(), "has data_offsets " + relative(next) + " overlapping those of tensor "
                        + prev.name() + " " + relative(prev) + "; each tensor needs bytes of its own");
            }
        }
    }

    private List<Long> relative(TensorInfo t) {
        return List.of(t.offset() - dataStart, t.offset() - dataStart + t.byteLength());
    }

    private CheckpointException fail(String tensor, String what) {
        return new CheckpointException(file + ": tensor " + tensor + " " + what);
    }
}

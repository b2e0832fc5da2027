package dev.hearth.node.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The tokenizer.json fixtures under src/test/resources/tokenizer, and variants of them written to a
 * temporary folder. Both fixtures have the 256 byte symbols in GPT-2's order (printable bytes '!'…'~'
 * first, so '!' is 0 and 'a' is 64 in gpt2-tiny; 'Ġ', the space, is 220) followed by one token per
 * merge in merge order; deepseek-tiny puts its three special tokens first, shifting the rest by 3.
 */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/tokenizer/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static BpeTokenizer gpt2() {
        return BpeTokenizer.load(path("gpt2-tiny.json"));
    }

    static BpeTokenizer deepSeek() {
        return BpeTokenizer.load(path("deepseek-tiny.json"));
    }

    static ObjectNode tree(String name) {
        try {
            return (ObjectNode) JSON.readTree(path(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes gpt2-tiny.json, changed by {@code edit}, into {@code dir} and returns its path. */
    static Path gpt2Variant(Path dir, Consumer<ObjectNode> edit) {
        ObjectNode root = tree("gpt2-tiny.json");
        edit.accept(root);
        return write(dir, root);
    }

    static Path write(Path dir, JsonNode root) {
        try {
            Path file = Files.createTempFile(dir, "tokenizer", ".json");
            JSON.writeValue(file.toFile(), root);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Sequence of {@code first} then ByteLevel without its own regex, as DeepSeek-V3 and Llama 3 have. */
    static JsonNode thenByteLevel(String first) {
        return parse("{\"type\":\"Sequence\",\"pretokenizers\":[" + first + ","
                + "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":false}]}");
    }
}

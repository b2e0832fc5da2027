package dev.hearth.node.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Variants of gpt2-tiny.json for the pipeline parts the two fixtures do not use. Every expected id
 * sequence is what the Hugging Face library produced for the same variant and text.
 */
class PipelineVariantsTest {
    /** Llama 3's pre-tokenizer regex. */
    private static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    @TempDir
    Path dir;

    @Test
    void llama3StyleRegexWithIgnoreMerges() {
        Consumer<ObjectNode> llama = root -> {
            ObjectNode split = Fixtures.JSON.createObjectNode().put("type", "Split").put("behavior", "Isolated");
            split.putObject("pattern").put("Regex", LLAMA3);
            root.set("pre_tokenizer", Fixtures.thenByteLevel(split.toString()));
            ((ObjectNode) root.get("added_tokens").get(0)).put("id", 306);
            // A word in the vocabulary that no merge sequence reaches.
            ((ObjectNode) root.get("model").get("vocab")).put("Ġcodingly", 305);
        };
        BpeTokenizer ignoring = load(root -> {
            llama.accept(root);
            ((ObjectNode) root.get("model")).put("ignore_merges", true);
        });
        // "IT" and "'S" apart ((?i:'s)), digits in threes, "Ġcodingly" whole although no merge makes it.
        assertThat(ignoring.encode("IT'S codingly  12345 ok"))
                .containsExactly(40, 51, 6, 50, 305, 220, 220, 270, 18, 19, 20, 293, 74);
        BpeTokenizer merging = load(llama);
        assertThat(merging.encode(" codingly")).containsExactly(300, 75, 88); // "Ġcoding", "l", "y"
    }

    @Test
    void byteLevelPrefixSpaceGoesBeforeEverySegment() {
        BpeTokenizer t = load(root -> ((ObjectNode) root.get("pre_tokenizer")).put("add_prefix_space", true));
        assertThat(t.encode("hello world")).containsExactly(268, 267);
        assertThat(t.encode("hello<|endoftext|>hello")).containsExactly(268, 305, 268);
        assertThat(t.decode(t.encode("hello world"))).isEqualTo(" hello world");
    }

    @Test
    void digits() {
        BpeTokenizer individual = load(root -> root.set("pre_tokenizer", Fixtures.parse(
                "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Digits\",\"individual_digits\":true},"
                        + "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}]}")));
        assertThat(individual.encode("a 2024 hello")).containsExactly(281, 220, 220, 17, 220, 15, 220, 17, 220, 19, 268);
        BpeTokenizer runs = load(root -> root.set("pre_tokenizer",
                Fixtures.thenByteLevel("{\"type\":\"Digits\",\"individual_digits\":false}")));
        assertThat(runs.encode("a 2024 hello")).containsExactly(64, 220, 17, 15, 17, 19, 268);
    }

    @Test
    void splitBehaviours() {
        String text = "he said, hello.";
        assertThat(split("Removed", false).encode(text)).containsExactly(261, 82, 64, 72, 67, 259);
        assertThat(split("Isolated", false).encode(text)).containsExactly(261, 220, 82, 64, 72, 67, 11, 220, 259, 13);
        assertThat(split("MergedWithNext", false).encode(text)).containsExactly(261, 220, 82, 64, 72, 67, 11, 268, 13);
        assertThat(split("MergedWithPrevious", true).encode(text)).containsExactly(261, 220, 82, 64, 72, 67, 11, 268, 13);
        assertThat(split("Removed", true).encode(text)).containsExactly(220, 11, 220, 13);
    }

    @Test
    void normalizers() {
        BpeTokenizer nfkc = load(root -> root.set("normalizer", Fixtures.parse("{\"type\":\"NFKC\"}")));
        assertThat(nfkc.encode("ｈｅｌｌｏ")).containsExactly(259);
        BpeTokenizer nfc = load(root -> root.set("normalizer", Fixtures.parse("{\"type\":\"NFC\"}")));
        assertThat(nfc.encode("he\u0301llo")).containsExactly(71, 274, 256, 78);
        BpeTokenizer sequence = load(root -> root.set("normalizer", Fixtures.parse("{\"type\":\"Sequence\",\"normalizers\":["
                + "{\"type\":\"NFKC\"},{\"type\":\"Lowercase\"},"
                + "{\"type\":\"Replace\",\"pattern\":{\"String\":\"  \"},\"content\":\" \"},"
                + "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"\\\\d+\"},\"content\":\"#\"},"
                + "{\"type\":\"Prepend\",\"prepend\":\"Ġ\"},{\"type\":\"Strip\",\"strip_left\":false,\"strip_right\":true}]}")));
        // The prepended 'Ġ' is a real U+0120 here, so it is encoded as its two UTF-8 bytes.
        assertThat(sequence.encode("ＨＥＬＬＯ  World 42")).containsExactly(128, 254, 259, 267, 220, 2);
    }

    @Test
    void addedTokenOptions() {
        BpeTokenizer t = load(root -> {
            root.set("normalizer", Fixtures.parse("{\"type\":\"Lowercase\"}"));
            ArrayNode added = (ArrayNode) root.get("added_tokens");
            added.add(addedToken(306, "<mask>", true, false).put("lstrip", true).put("rstrip", true));
            added.add(addedToken(307, "Word", false, true).put("single_word", true));
            added.add(addedToken(308, "<|end", true, false));
        });
        assertThat(t.encode("a <mask> b")).containsExactly(64, 306, 65); // the spaces go with the token
        // Matched in lowercased text, and only as a word of its own.
        assertThat(t.encode("Word word, Words sword")).containsExactly(307, 220, 307, 11, 265, 67, 82, 220, 82, 86, 264, 67);
        assertThat(t.encode("x<|endoftext|>")).containsExactly(87, 305); // the longer token wins
    }

    @Test
    void unknownCharactersWithoutAByteLevelPreTokenizer() {
        Consumer<ObjectNode> charLevel = root -> {
            root.set("pre_tokenizer", NullNode.getInstance());
            root.set("decoder", NullNode.getInstance());
            ((ObjectNode) root.get("model")).put("unk_token", "<unk>");
            ((ObjectNode) root.get("model").get("vocab")).put("<unk>", 500);
        };
        BpeTokenizer unk = load(charLevel);
        assertThat(unk.encode("hello 日本")).containsExactly(259, 500, 500, 500);
        BpeTokenizer fused = load(root -> {
            charLevel.accept(root);
            ((ObjectNode) root.get("model")).put("fuse_unk", true);
        });
        assertThat(fused.encode("hello 日本")).containsExactly(259, 500);
        assertThat(fused.encode("he  llo")).containsExactly(261, 500, 256, 78);
        // Without an unknown token they are dropped, and merges close over the gap.
        BpeTokenizer dropping = load(root -> root.set("pre_tokenizer", NullNode.getInstance()));
        assertThat(dropping.encode("he  llo")).containsExactly(259);
    }

    private BpeTokenizer split(String behavior, boolean invert) {
        return load(root -> root.set("pre_tokenizer", Fixtures.thenByteLevel("{\"type\":\"Split\",\"pattern\":"
                + "{\"Regex\":\"[,.!]| \"},\"behavior\":\"" + behavior + "\",\"invert\":" + invert + "}")));
    }

    private static ObjectNode addedToken(int id, String content, boolean special, boolean normalized) {
        return Fixtures.JSON.createObjectNode().put("id", id).put("content", content).put("single_word", false)
                .put("lstrip", false).put("rstrip", false).put("normalized", normalized).put("special", special);
    }

    private BpeTokenizer load(Consumer<ObjectNode> edit) {
        return BpeTokenizer.load(Fixtures.gpt2Variant(dir, edit));
    }
}

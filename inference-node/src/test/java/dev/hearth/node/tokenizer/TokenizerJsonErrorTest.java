package dev.hearth.node.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every unusable tokenizer.json is refused with a message naming the file, the field and the fix. */
class TokenizerJsonErrorTest {
    @TempDir
    Path dir;

    @Test
    void missingFile() {
        Path missing = dir.resolve("tokenizer.json");
        assertThatThrownBy(() -> BpeTokenizer.load(missing))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("no such file");
    }

    @Test
    void notJson() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"model\": {\"type\": \"BPE\",");
        assertThatThrownBy(() -> BpeTokenizer.load(file))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON at line 1");
    }

    @Test
    void notAnObject() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "[1, 2]");
        assertThatThrownBy(() -> BpeTokenizer.load(file)).hasMessageContaining("expected a JSON object");
    }

    @Test
    void unigramAndWordPieceModels() {
        for (String type : new String[]{"Unigram", "WordPiece"}) {
            assertRefused(root -> ((ObjectNode) root.get("model")).put("type", type),
                    "model.type: model type \"" + type + "\" is not supported", "remove tokenizer.json");
        }
    }

    @Test
    void unknownPreTokenizerInASequenceIsNamedByItsPath() {
        assertRefused(root -> root.set("pre_tokenizer", Fixtures.parse("{\"type\":\"Sequence\",\"pretokenizers\":["
                        + "{\"type\":\"Digits\",\"individual_digits\":true},{\"type\":\"Metaspace\"}]}")),
                "pre_tokenizer.pretokenizers[1].type: unknown pre-tokenizer type \"Metaspace\"",
                "supported are ByteLevel, Split, Digits and Sequence");
    }

    @Test
    void unknownNormalizer() {
        assertRefused(root -> root.set("normalizer", Fixtures.parse("{\"type\":\"Sequence\",\"normalizers\":["
                        + "{\"type\":\"NFC\"},{\"type\":\"BertNormalizer\"}]}")),
                "normalizer.normalizers[1].type: unknown normalizer type \"BertNormalizer\"", "supported are NFC");
    }

    @Test
    void unknownDecoder() {
        assertRefused(root -> root.set("decoder", Fixtures.parse("{\"type\":\"Metaspace\"}")),
                "decoder.type: unknown decoder type \"Metaspace\"", "only ByteLevel");
    }

    @Test
    void unknownSplitBehavior() {
        assertRefused(root -> root.set("pre_tokenizer", Fixtures.thenByteLevel(
                        "{\"type\":\"Split\",\"pattern\":{\"String\":\" \"},\"behavior\":\"Sideways\",\"invert\":false}")),
                "pre_tokenizer.pretokenizers[0].behavior: unknown split behavior \"Sideways\"", "Isolated");
    }

    @Test
    void regexJavaCannotMatchTheSameWay() {
        assertRefused(root -> root.set("pre_tokenizer", Fixtures.thenByteLevel(
                        "{\"type\":\"Split\",\"pattern\":{\"Regex\":\"foo\\\\Kbar\"},\"behavior\":\"Isolated\"}")),
                "pre_tokenizer.pretokenizers[0].pattern.Regex: the regular expression \"foo\\\\Kbar\" cannot be used",
                "rewrite it");
    }

    @Test
    void patternWithoutStringOrRegex() {
        assertRefused(root -> root.set("pre_tokenizer", Fixtures.thenByteLevel(
                        "{\"type\":\"Split\",\"pattern\":{\"Glob\":\"*\"},\"behavior\":\"Isolated\"}")),
                "pre_tokenizer.pretokenizers[0].pattern: expected {\"String\": …} or {\"Regex\": …}", "one of those");
    }

    @Test
    void mergeNamingATokenAbsentFromTheVocabulary() {
        assertRefused(root -> ((ArrayNode) root.get("model").get("merges")).add("Ġ zebra"),
                "model.merges[49]: the merge names \"zebra\", which is not in model.vocab", "add the token");
    }

    @Test
    void mergeWhoseResultIsAbsentFromTheVocabulary() {
        assertRefused(root -> ((ArrayNode) root.get("model").get("merges")).add("x y"),
                "model.merges[49]: the merge names \"xy\"", "merges and vocab must come from the same training run");
    }

    @Test
    void malformedMerge() {
        assertRefused(root -> ((ArrayNode) root.get("model").get("merges")).add("a b c"),
                "model.merges[49]: expected a merge \"left right\" or [\"left\", \"right\"]", "two tokens");
    }

    @Test
    void duplicateVocabularyIds() {
        assertRefused(root -> ((ObjectNode) root.get("model").get("vocab")).put("zebra", 259),
                "model.vocab[\"zebra\"]: id 259 is given to both \"hello\" and \"zebra\"", "its own id");
    }

    @Test
    void negativeAndFractionalIds() {
        assertRefused(root -> ((ObjectNode) root.get("model").get("vocab")).put("zebra", -4),
                "model.vocab[\"zebra\"]: expected a token id from 0 to", "non-negative whole-number id");
        assertRefused(root -> ((ObjectNode) root.get("model").get("vocab")).put("zebra", 3.5),
                "model.vocab[\"zebra\"]: expected a token id", "whole-number");
    }

    @Test
    void addedTokenClashingWithTheVocabulary() {
        assertRefused(root -> ((ObjectNode) root.get("added_tokens").get(0)).put("id", 259),
                "added_tokens[0].id: id 259 of added token \"<|endoftext|>\" is model.vocab's id for \"hello\"",
                "unused id");
    }

    @Test
    void vocabularyWithoutEveryByteSymbol() {
        assertRefused(root -> ((ObjectNode) root.get("model").get("vocab")).remove("Ā"),
                "model.vocab: lacks the byte-level symbol \"Ā\" for byte 0x00", "all 256 byte symbols");
    }

    @Test
    void byteFallbackAndDropout() {
        assertRefused(root -> ((ObjectNode) root.get("model")).put("byte_fallback", true),
                "model.byte_fallback: byte_fallback BPE (SentencePiece style) is not supported", "byte-level BPE");
        assertRefused(root -> ((ObjectNode) root.get("model")).put("dropout", 0.1),
                "model.dropout: BPE dropout", "set dropout to null");
    }

    @Test
    void wrongFieldTypes() {
        assertRefused(root -> ((ObjectNode) root.get("pre_tokenizer")).put("add_prefix_space", "yes"),
                "pre_tokenizer.add_prefix_space: expected true or false, found \"yes\"", "JSON boolean");
        assertRefused(root -> root.remove("model"), "model: missing", "\"model\" object");
    }

    @Test
    void callerIdsMustBeTokens() {
        Path file = Fixtures.path("gpt2-tiny.json");
        assertThatThrownBy(() -> BpeTokenizer.load(file, 400, null))
                .isInstanceOf(TokenizerException.class)
                .hasMessageContaining("bos_token_id 400 (from the model's config.json) is not a token")
                .hasMessageContaining("ids run from 0 to 305");
        assertThatThrownBy(() -> BpeTokenizer.load(file, null, -2)).hasMessageContaining("eos_token_id -2");
    }

    @Test
    void callerIdsReplaceTheGuess() {
        BpeTokenizer t = BpeTokenizer.load(Fixtures.path("gpt2-tiny.json"), 305, 305);
        assertThat(t.bosId()).isEqualTo(305);
        assertThat(t.eosId()).isEqualTo(305);
        BpeTokenizer plainEos = BpeTokenizer.load(Fixtures.path("gpt2-tiny.json"), null, 198);
        assertThat(plainEos.isSpecial(198)).isTrue(); // the caller's EOS is left out of decoded text
        assertThat(plainEos.decode(new int[]{259, 198})).isEqualTo("hello");
    }

    private void assertRefused(Consumer<ObjectNode> edit, String problem, String fix) {
        Path file = Fixtures.gpt2Variant(dir, edit);
        assertThatThrownBy(() -> BpeTokenizer.load(file))
                .isInstanceOf(TokenizerException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(problem)
                .hasMessageContaining(fix);
    }
}

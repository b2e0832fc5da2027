package dev.hearth.node.tokenizer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deepseek-tiny.json: DeepSeek-V3's pipeline (an empty normalizer Sequence; Split on runs of up to
 * three digits, Split on CJK runs, Split on DeepSeek's word regex, then ByteLevel without a regex),
 * merges written as arrays, special tokens 0–2 (BOS, EOS, padding) and non-special added tokens
 * 297–300. Byte symbols are ids 3–258, merges 259–295. The same ids came out of the Hugging Face
 * library for this file.
 */
class DeepSeekStyleTokenizerTest {
    private final BpeTokenizer tokenizer = Fixtures.deepSeek();

    @Test
    void findsBosAndEosByTheirNames() {
        assertThat(tokenizer.bosId()).isEqualTo(0);
        assertThat(tokenizer.eosId()).isEqualTo(1);
        assertThat(tokenizer.isSpecial(2)).isTrue();
        assertThat(tokenizer.isSpecial(297)).isFalse(); // "<｜User｜>" is added but not special
        assertThat(tokenizer.vocabSize()).isEqualTo(301);
    }

    @Test
    void splitsNumbersIntoGroupsOfThree() {
        assertThat(tokenizer.encode("12345")).containsExactly(260, 261); // "123", "45"
        // The digit split comes first, so the spaces around a number stand alone.
        assertThat(tokenizer.encode("abc 12345 def")).containsExactly(67, 68, 69, 223, 260, 261, 223, 70, 71, 72);
    }

    @Test
    void keepsCjkRunsTogether() {
        assertThat(tokenizer.encode("日本語")).containsExactly(266, 167, 106, 255); // "日本" merged, 語 as bytes
        // Hiragana is in the CJK split's range but has no merges beyond E3 81.
        assertThat(tokenizer.encode("ひらがな")).containsExactly(293, 113, 162, 227, 234, 293, 237, 293, 106);
    }

    @Test
    void wordsPunctuationAndNewlines() {
        assertThat(tokenizer.encode("Hello world!\n")).containsExactly(272, 277, 278); // "Hello", "Ġworld", "!Ċ"
        assertThat(tokenizer.encode("hello")).containsExactly(74, 270); // "h", "ello"
        assertThat(tokenizer.encode("héllo")).containsExactly(284); // one token "hÃ©llo"
        assertThat(tokenizer.encode("the, a.\n")).containsExactly(288, 14, 290, 292); // "the", ",", "Ġa", ".Ċ"
        assertThat(tokenizer.encode("😀")).containsExactly(285, 249, 225);
    }

    @Test
    void addedTokensAreMatchedWholeAndLongestFirst() {
        assertThat(tokenizer.encode("<｜begin▁of▁sentence｜>Hi<｜end▁of▁sentence｜>")).containsExactly(0, 42, 75, 1);
        assertThat(tokenizer.encode("<｜User｜>2+2?<｜Assistant｜>")).containsExactly(297, 20, 13, 20, 33, 298);
        assertThat(tokenizer.encode("<think>\n\nok")).containsExactly(300, 81, 77); // "<think>\n\n" beats "<think>"
        assertThat(tokenizer.encode("<think>\nok")).containsExactly(299, 201, 81, 77);
    }

    @Test
    void decodingSkipsSpecialTokensButKeepsOtherAddedTokens() {
        int[] ids = tokenizer.encode("<｜begin▁of▁sentence｜><｜User｜>hi<｜end▁of▁sentence｜>");
        assertThat(tokenizer.decode(ids)).isEqualTo("<｜User｜>hi");
    }

    @Test
    void roundTripsTextWithoutSpecialTokens() {
        for (String s : Corpus.varied()) {
            assertThat(tokenizer.decode(tokenizer.encode(s))).as("round trip of %s", s).isEqualTo(s);
        }
        for (String s : Corpus.randomUnicode(23, 500)) {
            assertThat(tokenizer.decode(tokenizer.encode(s))).as("round trip of %s", s).isEqualTo(s);
        }
    }

    @Test
    void encodesLongTextThatNoPreTokenizerSplits() {
        // One 60,000-byte piece: the merge queue must not degrade to quadratic work.
        String text = "日本".repeat(10_000);
        int[] ids = tokenizer.encode(text);
        assertThat(ids).hasSize(10_000).containsOnly(266);
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }
}

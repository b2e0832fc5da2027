package dev.hearth.node.tokenizer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gpt2-tiny.json: ByteLevel pre-tokenizer with GPT-2's regex, 256 byte symbols (ids 0–255) and 49
 * merges (ids 256–304), "&lt;|endoftext|&gt;" as the special token 305. Each expectation follows from
 * the merge list by hand; the same ids came out of the Hugging Face library for this file.
 */
class Gpt2StyleTokenizerTest {
    private final BpeTokenizer tokenizer = Fixtures.gpt2();

    @Test
    void mergesWholeWordsAndLeadingSpaces() {
        // "hello": l+l (rank 0) → e+ll → h+ell → hell+o; " world": Ġ+w, o+r, Ġw+or, Ġwor+l, Ġworl+d.
        assertThat(tokenizer.encode("hello world")).containsExactly(259, 267);
        assertThat(tokenizer.encode(" hello")).containsExactly(268); // "Ġhello"
        assertThat(tokenizer.encode(" coding")).containsExactly(300); // "Ġcoding"
    }

    @Test
    void lowerRankMergesWinOverLaterOnes() {
        // "the": h+e (rank 5) goes before t+h (rank 29), and "t he" is no merge; " the": Ġ+t (rank 4) first.
        assertThat(tokenizer.encode("the the")).containsExactly(83, 261, 262); // "t", "he", "Ġthe"
        // "Hello": 'H' is not 'h', so only l+l and e+ll apply.
        assertThat(tokenizer.encode("Hello")).containsExactly(39, 257, 78); // "H", "ell", "o"
    }

    @Test
    void equalRanksMergeLeftmostFirst() {
        // a+a at 0 and 2 → "aa aa a", then aa+aa.
        assertThat(tokenizer.encode("aaaaa")).containsExactly(287, 64); // "aaaa", "a"
    }

    @Test
    void digitsPunctuationAndWhitespace() {
        assertThat(tokenizer.encode("12 345")).containsExactly(270, 220, 18, 19, 20); // "12", "Ġ", "3", "4", "5"
        assertThat(tokenizer.encode("it's")).containsExactly(72, 83, 280); // "i", "t", "'s"
        assertThat(tokenizer.encode("Hello, world!!")).containsExactly(39, 257, 78, 11, 267, 303);
        // \s+(?!\S) leaves the last space of a run to the next word.
        assertThat(tokenizer.encode("a  b   c")).containsExactly(64, 220, 220, 65, 271, 297); // … "ĠĠ", "Ġc"
        assertThat(tokenizer.encode("a\n\nb\n")).containsExactly(64, 198, 198, 65, 198); // 'Ċ' is 198
    }

    @Test
    void multiByteCharactersAreEncodedAsTheirUtf8Bytes() {
        assertThat(tokenizer.encode("héllo")).containsExactly(71, 274, 256, 78); // "h", "Ã©" (é), "ll", "o"
        // 日 (E6 97 A5) has merges; 本 (E6 9C AC) stays three byte tokens.
        assertThat(tokenizer.encode("日本")).containsExactly(276, 162, 250, 105);
        assertThat(tokenizer.encode("😀")).containsExactly(277, 246, 222); // "ðŁ" (bytes F0 9F), then bytes 98 and 80
    }

    @Test
    void specialTokensInTheTextAreSingleIds() {
        assertThat(tokenizer.encode("x<|endoftext|>y")).containsExactly(87, 305, 88);
        assertThat(tokenizer.isSpecial(305)).isTrue();
        assertThat(tokenizer.isSpecial(87)).isFalse();
        assertThat(tokenizer.decode(new int[]{87, 305, 88})).isEqualTo("xy");
    }

    @Test
    void describesItsVocabulary() {
        assertThat(tokenizer.vocabSize()).isEqualTo(306);
        assertThat(tokenizer.bosId()).isEqualTo(-1); // GPT-2 has no begin-of-sequence token of its own
        assertThat(tokenizer.eosId()).isEqualTo(305);
        assertThat(tokenizer.encode("")).isEmpty();
    }

    @Test
    void idsOutsideTheVocabularyDecodeToNothing() {
        assertThat(tokenizer.decode(new int[]{259, 9999, -1, 267})).isEqualTo("hello world");
    }

    @Test
    void roundTripsVariedText() {
        for (String s : Corpus.varied()) {
            assertThat(tokenizer.decode(tokenizer.encode(s))).as("round trip of %s", s).isEqualTo(s);
        }
    }

    @Test
    void roundTripsRandomUnicode() {
        for (String s : Corpus.randomUnicode(11, 500)) {
            assertThat(tokenizer.decode(tokenizer.encode(s))).as("round trip of %s", s).isEqualTo(s);
        }
    }

    @Test
    void repeatedEncodingGivesTheSameIds() {
        int[] first = tokenizer.encode("hello world, hello again");
        assertThat(tokenizer.encode("hello world, hello again")).containsExactly(first);
    }
}

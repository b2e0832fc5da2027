package dev.hearth.node.tokenizer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenDecoderTest {
    private final BpeTokenizer tokenizer = Fixtures.gpt2();

    @Test
    void holdsBackACharacterSplitAcrossTokens() {
        TokenDecoder decoder = tokenizer.newDecoder();
        // 本 is E6 9C AC, three byte tokens in gpt2-tiny: nothing until the last one.
        assertThat(decoder.next(162)).isEmpty();
        assertThat(decoder.next(250)).isEmpty();
        assertThat(decoder.next(105)).isEqualTo("本");
        // 😀 is "ðŁ" (F0 9F), then 98, then 80.
        assertThat(decoder.next(277)).isEmpty();
        assertThat(decoder.next(246)).isEmpty();
        assertThat(decoder.next(222)).isEqualTo("😀");
        assertThat(decoder.flush()).isEmpty();
    }

    @Test
    void emitsCompleteTextAtOnce() {
        TokenDecoder decoder = tokenizer.newDecoder();
        assertThat(decoder.next(259)).isEqualTo("hello");
        assertThat(decoder.next(305)).isEmpty(); // special
        assertThat(decoder.next(267)).isEqualTo(" world");
    }

    @Test
    void flushTurnsAnUnfinishedCharacterIntoAReplacementCharacter() {
        TokenDecoder decoder = tokenizer.newDecoder();
        assertThat(decoder.next(162)).isEmpty(); // E6, the first byte of a three-byte character
        assertThat(decoder.flush()).isEqualTo("\uFFFD");
        assertThat(decoder.flush()).isEmpty();
    }

    @Test
    void invalidBytesComeOutAsDecodingTheWholeStreamGivesThem() {
        TokenDecoder decoder = new TokenDecoder(id -> new byte[]{(byte) id});
        assertThat(decoder.next(0x80)).isEqualTo("\uFFFD"); // a lone continuation byte
        assertThat(decoder.next(0xE0)).isEmpty();
        assertThat(decoder.next(0x41)).isEqualTo("\uFFFDA"); // E0 41 cannot be completed
        // The encoding of a surrogate is invalid, but Java decodes it as one U+FFFD, so it is held whole.
        assertThat(decoder.next(0xED)).isEmpty();
        assertThat(decoder.next(0xA0)).isEmpty();
        assertThat(decoder.next(0x80)).isEqualTo("\uFFFD");
    }

    @Test
    void streamedTextEqualsDecodedTextForEveryInput() {
        List<String> inputs = new ArrayList<>(Corpus.varied());
        inputs.addAll(Corpus.randomUnicode(5, 300));
        for (String s : inputs) {
            int[] ids = tokenizer.encode(s);
            StringBuilder streamed = new StringBuilder();
            TokenDecoder decoder = tokenizer.newDecoder();
            for (int id : ids) {
                String piece = decoder.next(id);
                if (!s.contains("\uFFFD")) {
                    assertThat(piece).doesNotContain("\uFFFD");
                }
                streamed.append(piece);
            }
            streamed.append(decoder.flush());
            assertThat(streamed.toString()).isEqualTo(tokenizer.decode(ids)).isEqualTo(s);
        }
    }

    @Test
    void everyShortByteSequenceStreamsAsItDecodesWhole() {
        // Bytes at the edges of UTF-8's ranges: ASCII, continuations, leads of each length, never-valid bytes.
        int[] edges = {0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
        for (int length = 1; length <= 4; length++) {
            int[] index = new int[length];
            do {
                byte[] bytes = new byte[length];
                TokenDecoder decoder = new TokenDecoder(id -> new byte[]{(byte) id});
                StringBuilder streamed = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    bytes[i] = (byte) edges[index[i]];
                    streamed.append(decoder.next(edges[index[i]]));
                }
                streamed.append(decoder.flush());
                assertThat(streamed.toString()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
            } while (increment(index, edges.length));
        }
    }

    private static boolean increment(int[] index, int radix) {
        for (int k = index.length - 1; k >= 0; k--) {
            if (++index[k] < radix) {
                return true;
            }
            index[k] = 0;
        }
        return false;
    }
}

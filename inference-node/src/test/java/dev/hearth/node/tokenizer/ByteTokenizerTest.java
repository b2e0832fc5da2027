package dev.hearth.node.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteTokenizerTest {
    private final ByteTokenizer t = new ByteTokenizer();

    @Test
    void oneTokenPerUtf8ByteAndExactRoundTrips() {
        int[] tokens = t.encode("Grüße 🔥");
        assertThat(tokens).hasSize("Grüße 🔥".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(tokens[0]).isEqualTo('G');
        assertThat(t.decode(tokens)).isEqualTo("Grüße 🔥");
    }

    @Test
    void specialTokensAreSkippedAndStreamingHoldsBackSplitCharacters() {
        assertThat(t.decode(new int[] {ByteTokenizer.BOS, 'h', 'i', ByteTokenizer.EOS})).isEqualTo("hi");
        assertThat(t.isSpecial(ByteTokenizer.EOS)).isTrue();
        TokenDecoder d = t.newDecoder();
        StringBuilder out = new StringBuilder();
        for (int token : t.encode("é!")) {
            out.append(d.next(token));
            if (out.length() == 0) {
                assertThat(d.next(-1)).isEmpty(); // nothing yet: the first byte of é alone is not a character
            }
        }
        assertThat(out.append(d.flush()).toString()).isEqualTo("é!");
    }
}

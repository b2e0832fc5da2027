package dev.hearth.node.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Oniguruma patterns match in Java what they match in the Hugging Face library. */
class OnigRegexTest {

    @Test
    void gpt2PatternUsesUnicodeWhitespace() {
        // U+3000 is whitespace to Oniguruma's \s, so "\s+(?!\S)" keeps it apart from the word after it.
        assertThat(matches(ByteLevelPreTokenizer.GPT2_PATTERN, "a\u3000\u3000b"))
                .containsExactly("a", "\u3000", "\u3000", "b");
        assertThat(matches(ByteLevelPreTokenizer.GPT2_PATTERN, "it's 3 €"))
                .containsExactly("it", "'s", " 3", " €");
    }

    @Test
    void generalCategoriesAndCaseInsensitiveGroups() {
        assertThat(matches("\\p{L}+|\\p{N}+|\\p{P}+|\\p{S}+|\\p{M}+", "é5!€\u0301"))
                .containsExactly("é", "5", "!", "€", "\u0301");
        assertThat(matches("(?i:'s|'ll)", "'S 'Ll 's")).containsExactly("'S", "'Ll", "'s");
        assertThat(matches("(?i:ü)", "Ü")).containsExactly("Ü"); // Unicode case folding, as in Oniguruma
    }

    @Test
    void rewritesWhatJavaReadsDifferently() {
        assertThat(matches("\\h+", "0x1F zz")).containsExactly("0", "1F"); // Ruby's \h is a hex digit
        assertThat(matches("\\v", "a\u000Bb\nc")).containsExactly("\u000B"); // Ruby's \v is only VT
        assertThat(matches("\\p{^L}+", "ab12cd")).containsExactly("12");
        assertThat(matches("\\p{Han}+", "漢字かな")).containsExactly("漢字");
        assertThat(matches("[[:alpha:]]+", "ab:1")).containsExactly("ab"); // not the set of ':', 'a', 'l', …
        assertThat(matches("[[:punct:]]+", "a$€!b")).containsExactly("$€!");
        assertThat(matches("l{,2}o", "lllo")).containsExactly("llo");
        assertThat(matches("a{b", "xa{b")).containsExactly("a{b");
        assertThat(matches("\\w+", "x²\u200Dy")).containsExactly("x²", "y"); // no joiners; Latin-1 superscripts
    }

    @Test
    void translationLeavesOrdinaryPatternsAlone() {
        String deepSeek = "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+"
                + "| ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
        assertThat(OnigRegex.translate(deepSeek)).isEqualTo(deepSeek);
        assertThat(OnigRegex.translate("\\p{N}{1,3}")).isEqualTo("\\p{N}{1,3}");
    }

    @Test
    void refusesWhatJavaCannotExpress() {
        assertThatThrownBy(() -> OnigRegex.compile("foo\\Kbar")).hasMessageContaining("Java cannot compile it");
        assertThatThrownBy(() -> OnigRegex.compile("(?#comment)a")).hasMessageContaining("Java cannot compile it");
        assertThatThrownBy(() -> OnigRegex.compile("\\p{Klingon}")).hasMessageContaining("unknown character property");
        assertThatThrownBy(() -> OnigRegex.compile("[[:foo:]]")).hasMessageContaining("unknown POSIX bracket");
        assertThatThrownBy(() -> OnigRegex.compile("ab\\")).hasMessageContaining("lone backslash");
    }

    private static List<String> matches(String onig, String text) {
        Matcher m = OnigRegex.compile(onig).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}

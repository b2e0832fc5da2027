package dev.hearth.node.tokenizer;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A tokenizer.json {@code normalizer}: rewrites text before it is split into pre-tokens. */
interface TextNormalizer {
    String normalize(String text);

    /** Leaves text as it is: a null normalizer or an empty Sequence. */
    TextNormalizer IDENTITY = text -> text;

    /** NFC, NFD, NFKC or NFKD. */
    record Unicode(Normalizer.Form form) implements TextNormalizer {
        @Override
        public String normalize(String text) {
            return Normalizer.normalize(text, form);
        }
    }

    /**
     * Lowercases each character on its own, as Rust's {@code char::to_lowercase} does: unlike
     * {@link String#toLowerCase}, a word-final 'Σ' becomes 'σ', not 'ς'.
     */
    record Lowercase() implements TextNormalizer {
        @Override
        public String normalize(String text) {
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                int width = Character.charCount(cp);
                if (cp < 0x80) {
                    out.append((char) Character.toLowerCase(cp));
                } else {
                    out.append(text.substring(i, i + width).toLowerCase(Locale.ROOT));
                }
                i += width;
            }
            return out.toString();
        }
    }

    /** Puts {@code prefix} before non-empty text. */
    record Prepend(String prefix) implements TextNormalizer {
        @Override
        public String normalize(String text) {
            return text.isEmpty() ? text : prefix + text;
        }
    }

    /** Replaces every match of {@code pattern} by {@code content}, taken literally. */
    record Replace(Pattern pattern, String content) implements TextNormalizer {
        @Override
        public String normalize(String text) {
            return pattern.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(content));
        }
    }

    /** Removes whitespace from either end. */
    record Strip(boolean left, boolean right) implements TextNormalizer {
        @Override
        public String normalize(String text) {
            String s = left ? text.stripLeading() : text;
            return right ? s.stripTrailing() : s;
        }
    }

    record Sequence(List<TextNormalizer> steps) implements TextNormalizer {
        @Override
        public String normalize(String text) {
            String s = text;
            for (TextNormalizer step : steps) {
                s = step.normalize(s);
            }
            return s;
        }
    }
}

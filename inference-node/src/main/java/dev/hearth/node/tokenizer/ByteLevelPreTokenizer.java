package dev.hearth.node.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The ByteLevel pre-tokenizer: optionally a leading space, optionally GPT-2's split into words,
 * numbers, punctuation runs and spaces, then every piece rewritten into {@link ByteLevelAlphabet}
 * characters, in which byte-level vocabularies are written. As in the Hugging Face library the
 * prefix space goes before every piece it receives (each segment between added tokens, each piece
 * of an earlier Split), not only before the start of the text.
 */
final class ByteLevelPreTokenizer implements PreTokenizer {
    /** GPT-2's pattern, as the ByteLevel pre-tokenizer applies it when {@code use_regex} is true. */
    static final String GPT2_PATTERN =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private final boolean addPrefixSpace;
    private final RegexSplit gpt2Split;

    ByteLevelPreTokenizer(boolean addPrefixSpace, boolean useRegex) {
        this.addPrefixSpace = addPrefixSpace;
        this.gpt2Split = useRegex
                ? new RegexSplit(OnigRegex.compile(GPT2_PATTERN), SplitBehavior.ISOLATED, false)
                : null;
    }

    @Override
    public List<String> split(List<String> pieces) {
        List<String> out = new ArrayList<>(pieces.size() * 2);
        for (String piece : pieces) {
            String p = addPrefixSpace && !piece.startsWith(" ") ? " " + piece : piece;
            if (gpt2Split == null) {
                out.add(ByteLevelAlphabet.encode(p));
            } else {
                for (String word : gpt2Split.split(List.of(p))) {
                    out.add(ByteLevelAlphabet.encode(word));
                }
            }
        }
        return out;
    }
}

package dev.hearth.node.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the {@code normalizer}, {@code pre_tokenizer} and {@code decoder} sections of a tokenizer.json. */
final class PipelineReader {
    private static final String NORMALIZERS = "NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace, Strip and Sequence";
    private static final String PRE_TOKENIZERS = "ByteLevel, Split, Digits and Sequence";

    private PipelineReader() {
    }

    static TextNormalizer normalizer(JsonField f) {
        if (f.isMissingOrNull()) {
            return TextNormalizer.IDENTITY;
        }
        String type = f.type();
        switch (type) {
            case "NFC": return new TextNormalizer.Unicode(Normalizer.Form.NFC);
            case "NFD": return new TextNormalizer.Unicode(Normalizer.Form.NFD);
            case "NFKC": return new TextNormalizer.Unicode(Normalizer.Form.NFKC);
            case "NFKD": return new TextNormalizer.Unicode(Normalizer.Form.NFKD);
            case "Lowercase": return new TextNormalizer.Lowercase();
            case "Prepend": return new TextNormalizer.Prepend(f.get("prepend").text());
            case "Replace": return new TextNormalizer.Replace(pattern(f.get("pattern")), f.get("content").text());
            case "Strip":
                return new TextNormalizer.Strip(f.get("strip_left").bool(true), f.get("strip_right").bool(true));
            case "Sequence": {
                List<TextNormalizer> steps = new ArrayList<>();
                for (JsonField step : f.get("normalizers").elements()) {
                    steps.add(normalizer(step));
                }
                return new TextNormalizer.Sequence(List.copyOf(steps));
            }
            default:
                throw f.get("type").error("unknown normalizer type \"" + type + "\"",
                        "supported are " + NORMALIZERS + "; remove it or use a tokenizer.json without it");
        }
    }

    static PreTokenizer preTokenizer(JsonField f) {
        if (f.isMissingOrNull()) {
            return pieces -> pieces;
        }
        String type = f.type();
        switch (type) {
            case "ByteLevel":
                // The Hugging Face defaults: both true when the fields are left out.
                return new ByteLevelPreTokenizer(f.get("add_prefix_space").bool(true), f.get("use_regex").bool(true));
            case "Split": {
                JsonField behaviorField = f.get("behavior");
                String name = behaviorField.text();
                SplitBehavior behavior = SplitBehavior.fromJson(name);
                if (behavior == null) {
                    throw behaviorField.error("unknown split behavior \"" + name + "\"",
                            "use Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous");
                }
                return new RegexSplit(pattern(f.get("pattern")), behavior, f.get("invert").bool(false));
            }
            case "Digits": {
                boolean individual = f.get("individual_digits").bool(false);
                // Rust's char::is_numeric, which Digits splits on, is the N category.
                return new RegexSplit(Pattern.compile("\\p{N}"),
                        individual ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS, false);
            }
            case "Sequence": {
                List<PreTokenizer> steps = new ArrayList<>();
                for (JsonField step : f.get("pretokenizers").elements()) {
                    steps.add(preTokenizer(step));
                }
                return new PreTokenizerSequence(List.copyOf(steps));
            }
            default:
                throw f.get("type").error("unknown pre-tokenizer type \"" + type + "\"",
                        "supported are " + PRE_TOKENIZERS + "; this tokenizer cannot split text as that model expects");
        }
    }

    /** Whether the pre-tokenizer rewrites pieces into the byte-level alphabet. */
    static boolean isByteLevel(PreTokenizer p) {
        if (p instanceof ByteLevelPreTokenizer) {
            return true;
        }
        if (p instanceof PreTokenizerSequence) {
            for (PreTokenizer step : ((PreTokenizerSequence) p).steps()) {
                if (isByteLevel(step)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Reads the decoder. Only the ByteLevel decoder (alone or in a Sequence) is supported: it is the
     * inverse of the ByteLevel pre-tokenizer, and the other decoders (Metaspace, ByteFallback, Fuse,
     * Strip, WordPiece) belong to tokenizers this class does not read.
     *
     * @return whether text decodes through the byte-level alphabet; null when there is no decoder
     */
    static Boolean decoder(JsonField f) {
        if (f.isMissingOrNull()) {
            return null;
        }
        String type = f.type();
        if (type.equals("ByteLevel")) {
            return true;
        }
        if (type.equals("Sequence")) {
            boolean byteLevel = false; // an empty Sequence passes token text through unchanged
            for (JsonField step : f.get("decoders").elements()) {
                byteLevel |= decoder(step);
            }
            return byteLevel;
        }
        throw f.get("type").error("unknown decoder type \"" + type + "\"",
                "only ByteLevel (alone or in a Sequence) is supported, the decoder of byte-level BPE");
    }

    /** A {@code {"String": …}} (taken literally) or {@code {"Regex": …}} pattern. */
    static Pattern pattern(JsonField f) {
        JsonField literal = f.get("String");
        JsonField regex = f.get("Regex");
        if (!literal.isMissingOrNull()) {
            String s = literal.text();
            // An empty literal matches nowhere in the Hugging Face library; quoted, it would match everywhere.
            return Pattern.compile(s.isEmpty() ? "(?!)" : Pattern.quote(s));
        }
        if (!regex.isMissingOrNull()) {
            String onig = regex.text();
            try {
                return OnigRegex.compile(onig);
            } catch (IllegalArgumentException e) {
                throw regex.error("the regular expression " + quote(onig) + " cannot be used: " + e.getMessage(),
                        "rewrite it without that construct, or report the pattern so it can be translated");
            }
        }
        throw f.error("expected {\"String\": …} or {\"Regex\": …}, found " + f.describe(),
                "give the pattern as an object with one of those two keys");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

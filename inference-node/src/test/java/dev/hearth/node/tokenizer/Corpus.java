package dev.hearth.node.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Text to encode: hand-picked cases, and seeded random strings of valid Unicode. */
final class Corpus {
    private Corpus() {
    }

    static List<String> varied() {
        return List.of("hello world", " hello", "the the", "héllo 日本 😀", "aaaaa", "12 345", "12345678",
                "  multiple   spaces  ", "\n\n\nnewlines\n", "tabs\tand\r\nCRLF\r\n",
                "it's they're we've I'm you'll he'd", "IT'S SHOUTING'S", "Hello, World!!", "a.b.c\n",
                "日本語のテキスト、カタカナ", "한국어 텍스트", "Ελληνικά κείμενα", "русский текст",
                "emoji 👍🏽 👨‍👩‍👧 🇯🇵", "\u00a0nbsp\u00a0 and\u3000ideographic space", "math ∑ x² ≤ ½",
                "1,000.50 $ € ¥", " ", "\n", "  \n  ", "e\u0301 combining", "ﬁ ligature Ⅻ", "x\u200by",
                "mixed123abc456def", "$%^&*()_+{}[]|\\:;\"'<>,.?/~`", "\u0000\u0001\u007f\u0085\u00ad");
    }

    /** {@code count} strings of 1–30 code points drawn from all of Unicode except surrogates. */
    static List<String> randomUnicode(long seed, int count) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int k = 0; k < length; k++) {
                int cp;
                do {
                    // Half from the busy lower planes, half from anywhere.
                    cp = random.nextBoolean() ? random.nextInt(0x3000) : random.nextInt(0x110000);
                } while (cp >= 0xD800 && cp <= 0xDFFF);
                s.appendCodePoint(cp);
            }
            out.add(s.toString());
        }
        return out;
    }
}

package dev.hearth.node.tokenizer;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the regular expressions of a tokenizer.json, written for Oniguruma (Ruby syntax, which the
 * Hugging Face library uses), into {@link Pattern}s that match the same text.
 *
 * <p>Compiled with {@link Pattern#UNICODE_CHARACTER_CLASS} because Oniguruma's {@code \s}, {@code \d},
 * {@code \w} and {@code (?i)} are Unicode-aware while Java's are ASCII-only by default; without it
 * {@code \s+(?!\S)} would leave U+00A0 and U+3000 to other branches. {@code \p{L}}, {@code \p{N}},
 * {@code \p{P}}, {@code \p{S}}, {@code \p{M}}, {@code (?i:…)}, {@code (?!…)}, possessive quantifiers
 * and atomic groups mean the same in both. Constructs that differ silently are rewritten: {@code \h}
 * (a hex digit in Ruby, horizontal space in Java), {@code \v} (vertical tab in Ruby, any vertical
 * space in Java), {@code \w} (Oniguruma's leaves out the joiners U+200C/U+200D and, outside a set,
 * counts ² ³ ¹ ¼ ½ ¾ in), {@code \p{^X}}, script names without Java's {@code Is} prefix
 * ({@code \p{Han}}), POSIX brackets ({@code [[:alpha:]]}, which Java would read as the set of ':',
 * 'a', 'l', …), {@code x{,n}} and a literal '{' that starts no quantifier. What Java cannot express
 * ({@code \K}, subexpression calls, absent operators, conditionals, comments) fails to compile and
 * is reported. One difference remains: Java 17 knows Unicode 13, so characters assigned since then
 * (recent CJK extensions, new emoji) have no letter or number category here.
 */
final class OnigRegex {
    private static final Pattern QUANTIFIER = Pattern.compile("\\{(\\d*),?(\\d*)}");
    /**
     * Oniguruma's Unicode {@code \w} inside a bracket set and {@code [[:word:]]}: alphabetic
     * characters, marks, decimal digits and connectors. Java's own {@code \w} also takes the joiners
     * U+200C and U+200D.
     */
    private static final String WORD = "\\p{Alpha}\\p{M}\\p{Nd}\\p{Pc}";
    /**
     * Oniguruma's {@code \w} outside a bracket set, which for the first 256 code points consults a
     * Latin-1 table that also counts the superscripts and fractions ² ³ ¹ ¼ ½ ¾ as word characters.
     */
    private static final String WORD_OUTSIDE_SET = WORD + "\\xB2\\xB3\\xB9\\xBC-\\xBE";
    /** Visible characters: Oniguruma counts format characters (Cf) in, unlike Java's {@code \p{Graph}}. */
    private static final String GRAPH = "\\S&&[^\\p{Cc}\\p{Cn}\\p{Cs}]";
    /** POSIX bracket names and the members of the set each stands for in Oniguruma's Unicode mode. */
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\p{Nd}"), Map.entry("alnum", "\\p{Alpha}\\p{Nd}"),
            Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s"),
            Map.entry("punct", "\\p{P}\\p{S}"), Map.entry("cntrl", "\\p{Cc}"), Map.entry("print", "[" + GRAPH + "]\\p{Zs}"),
            Map.entry("graph", GRAPH), Map.entry("blank", "\\p{Zs}\\t"), Map.entry("xdigit", "0-9a-fA-F"),
            Map.entry("word", WORD), Map.entry("ascii", "\\x00-\\x7F"));

    private OnigRegex() {
    }

    /** @throws IllegalArgumentException naming what in {@code onig} Java cannot match the same way */
    static Pattern compile(String onig) {
        String java = translate(onig);
        try {
            return Pattern.compile(java, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Java cannot compile it (" + e.getDescription()
                    + " at index " + e.getIndex() + " of " + java + ")", e);
        }
    }

    static String translate(String p) {
        StringBuilder out = new StringBuilder(p.length() + 16);
        int classDepth = 0;
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\') {
                i = escape(p, i, classDepth > 0, out);
            } else if (c == '[') {
                if (classDepth > 0 && p.startsWith("[:", i)) {
                    i = posixBracket(p, i, out);
                } else {
                    classDepth++;
                    out.append(c);
                    i++;
                    if (i < p.length() && p.charAt(i) == '^') {
                        out.append('^');
                        i++;
                    }
                    if (i < p.length() && p.charAt(i) == ']') {
                        out.append("\\]"); // a ']' first in a set is a literal in both; escaping it is unambiguous
                        i++;
                    }
                }
            } else if (c == ']' && classDepth > 0) {
                classDepth--;
                out.append(c);
                i++;
            } else if (c == '{' && classDepth == 0) {
                i = brace(p, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int escape(String p, int i, boolean inClass, StringBuilder out) {
        if (i + 1 >= p.length()) {
            throw new IllegalArgumentException("it ends in a lone backslash");
        }
        char d = p.charAt(i + 1);
        switch (d) {
            case 'h':
                out.append(inClass ? "0-9a-fA-F" : "[0-9a-fA-F]");
                return i + 2;
            case 'H':
                if (inClass) {
                    throw new IllegalArgumentException("\\H inside a character set is not supported");
                }
                out.append("[^0-9a-fA-F]");
                return i + 2;
            case 'v':
                out.append("\\x0B");
                return i + 2;
            case 'w':
                out.append(inClass ? WORD : "[" + WORD_OUTSIDE_SET + "]");
                return i + 2;
            case 'W':
                // Inside a set, a nested set is a union member in Java.
                out.append(inClass ? "[^" + WORD + "]" : "[^" + WORD_OUTSIDE_SET + "]");
                return i + 2;
            case 'p':
            case 'P':
                return property(p, i, d == 'P', out);
            default:
                out.append('\\').append(d);
                return i + 2;
        }
    }

    private static int property(String p, int i, boolean negated, StringBuilder out) {
        String name;
        int end;
        if (i + 2 < p.length() && p.charAt(i + 2) == '{') {
            int close = p.indexOf('}', i + 3);
            if (close < 0) {
                throw new IllegalArgumentException("\\p{ at index " + i + " is not closed");
            }
            name = p.substring(i + 3, close);
            end = close + 1;
        } else if (i + 2 < p.length()) {
            name = String.valueOf(p.charAt(i + 2));
            end = i + 3;
        } else {
            throw new IllegalArgumentException("\\p at index " + i + " names no property");
        }
        if (name.startsWith("^")) {
            negated = !negated;
            name = name.substring(1);
        }
        out.append(negated ? "\\P{" : "\\p{").append(javaProperty(name)).append('}');
        return end;
    }

    /** Java knows general categories and binary properties by name, but scripts only as IsName. */
    private static String javaProperty(String name) {
        for (String candidate : new String[]{name, "Is" + name}) {
            try {
                Pattern.compile("\\p{" + candidate + "}");
                return candidate;
            } catch (PatternSyntaxException e) {
                // try the next spelling
            }
        }
        throw new IllegalArgumentException("unknown character property \\p{" + name + "}");
    }

    private static int posixBracket(String p, int i, StringBuilder out) {
        int close = p.indexOf(":]", i + 2);
        if (close < 0) {
            throw new IllegalArgumentException("POSIX bracket at index " + i + " is not closed");
        }
        String name = p.substring(i + 2, close);
        boolean negated = name.startsWith("^");
        String java = POSIX.get(negated ? name.substring(1) : name);
        if (java == null) {
            throw new IllegalArgumentException("unknown POSIX bracket [:" + name + ":]");
        }
        out.append(negated ? "[^" : "[").append(java).append(']'); // nested: a union member of the outer set
        return close + 2;
    }

    /** A '{' that starts no quantifier is a literal in Oniguruma but an error in Java. */
    private static int brace(String p, int i, StringBuilder out) {
        Matcher m = QUANTIFIER.matcher(p).region(i, p.length());
        if (m.lookingAt() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
            String quantifier = m.group();
            out.append(m.group(1).isEmpty() ? "{0" + quantifier.substring(1) : quantifier);
            return m.end();
        }
        out.append("\\{");
        return i + 1;
    }
}

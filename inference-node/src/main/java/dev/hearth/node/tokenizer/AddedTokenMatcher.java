package dev.hearth.node.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens in text, leftmost first and, among those starting at one place, longest first
 * (so "<|end_of_text|>" wins over "<|end|>"), with a character trie so that text is scanned once.
 */
final class AddedTokenMatcher {
    private static final class Node {
        final Map<Character, Node> next = new HashMap<>(4);
        AddedToken token;
    }

    private record Match(AddedToken token, int end) {
    }

    private final Node root = new Node();
    private final boolean empty;

    /** @param contents the text each token is matched by, in the same order as {@code tokens} */
    AddedTokenMatcher(List<AddedToken> tokens, List<String> contents) {
        for (int i = 0; i < tokens.size(); i++) {
            String content = contents.get(i);
            Node node = root;
            for (int k = 0; k < content.length(); k++) {
                node = node.next.computeIfAbsent(content.charAt(k), c -> new Node());
            }
            if (node.token == null) { // the first of two tokens with the same text wins
                node.token = tokens.get(i);
            }
        }
        this.empty = tokens.isEmpty();
    }

    /** {@code text} cut into text segments and matched tokens; text segments are never empty. */
    List<Segment> split(String text) {
        List<Segment> out = new ArrayList<>();
        if (empty) {
            if (!text.isEmpty()) {
                out.add(Segment.text(text));
            }
            return out;
        }
        int textStart = 0;
        int i = 0;
        while (i < text.length()) {
            Match match = longestAt(text, i);
            if (match == null) {
                i++;
                continue;
            }
            AddedToken token = match.token();
            int start = i;
            int end = match.end();
            if (token.lstrip()) {
                while (start > textStart && Character.isWhitespace(text.charAt(start - 1))) {
                    start--;
                }
            }
            if (token.rstrip()) {
                while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
            }
            if (start > textStart) {
                out.add(Segment.text(text.substring(textStart, start)));
            }
            out.add(Segment.token(token.id()));
            textStart = end;
            i = end;
        }
        if (textStart < text.length()) {
            out.add(Segment.text(text.substring(textStart)));
        }
        return out;
    }

    /** The longest token starting at {@code start}, or null when none starts there. */
    private Match longestAt(String text, int start) {
        Node node = root;
        Match best = null;
        for (int k = start; k < text.length(); k++) {
            node = node.next.get(text.charAt(k));
            if (node == null) {
                break;
            }
            if (node.token != null) {
                best = new Match(node.token, k + 1);
            }
        }
        if (best != null && best.token().singleWord()
                && (isWordChar(text, start - 1) || isWordChar(text, best.end()))) {
            return null; // as in the Hugging Face library, a shorter token is not tried instead
        }
        return best;
    }

    private static boolean isWordChar(String text, int index) {
        if (index < 0 || index >= text.length()) {
            return false;
        }
        char c = text.charAt(index);
        return Character.isLetterOrDigit(c) || c == '_';
    }
}

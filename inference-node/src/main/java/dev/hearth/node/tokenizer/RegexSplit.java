package dev.hearth.node.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Split pre-tokenizer (and Digits, which is a Split on numeric characters): cuts each piece at
 * the matches of a pattern and treats the matches by {@link SplitBehavior}. With {@code invert} the
 * text between matches is treated as the matches would be. Follows the Hugging Face library's
 * rules, including that a match directly after another match is not merged by MergedWithPrevious.
 */
record RegexSplit(Pattern pattern, SplitBehavior behavior, boolean invert) implements PreTokenizer {

    @Override
    public List<String> split(List<String> pieces) {
        List<String> out = new ArrayList<>(pieces.size() * 4);
        for (String piece : pieces) {
            splitOne(piece, out);
        }
        return out;
    }

    private void splitOne(String piece, List<String> out) {
        // Spans cover the piece: starts[k] to starts[k+1], flagged by whether the pattern matched it.
        List<int[]> spans = new ArrayList<>();
        Matcher m = pattern.matcher(piece);
        int previous = 0;
        while (m.find()) {
            if (m.start() > previous) {
                spans.add(new int[]{previous, m.start(), invert ? 1 : 0});
            }
            spans.add(new int[]{m.start(), m.end(), invert ? 0 : 1});
            previous = m.end();
        }
        if (previous < piece.length()) {
            spans.add(new int[]{previous, piece.length(), invert ? 1 : 0});
        }
        for (int[] span : merge(spans)) {
            if (span[1] > span[0] && !(behavior == SplitBehavior.REMOVED && span[2] == 1)) {
                out.add(piece.substring(span[0], span[1]));
            }
        }
    }

    private List<int[]> merge(List<int[]> spans) {
        switch (behavior) {
            case REMOVED:
            case ISOLATED:
                return spans;
            case CONTIGUOUS:
                return contiguous(spans);
            case MERGED_WITH_PREVIOUS:
                return mergedWithPrevious(spans);
            case MERGED_WITH_NEXT:
                return mergedWithNext(spans);
            default:
                throw new IllegalStateException(behavior.toString());
        }
    }

    private static List<int[]> contiguous(List<int[]> spans) {
        List<int[]> out = new ArrayList<>(spans.size());
        for (int[] span : spans) {
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last[2] == span[2]) {
                last[1] = span[1];
            } else {
                out.add(span.clone());
            }
        }
        return out;
    }

    private static List<int[]> mergedWithPrevious(List<int[]> spans) {
        List<int[]> out = new ArrayList<>(spans.size());
        boolean previousMatched = false;
        for (int[] span : spans) {
            boolean matched = span[2] == 1;
            if (matched && !previousMatched && !out.isEmpty()) {
                out.get(out.size() - 1)[1] = span[1];
            } else {
                out.add(new int[]{span[0], span[1], 0});
            }
            previousMatched = matched;
        }
        return out;
    }

    private static List<int[]> mergedWithNext(List<int[]> spans) {
        List<int[]> reversed = new ArrayList<>(spans.size());
        boolean previousMatched = false;
        for (int k = spans.size() - 1; k >= 0; k--) {
            int[] span = spans.get(k);
            boolean matched = span[2] == 1;
            if (matched && !previousMatched && !reversed.isEmpty()) {
                reversed.get(reversed.size() - 1)[0] = span[0];
            } else {
                reversed.add(new int[]{span[0], span[1], 0});
            }
            previousMatched = matched;
        }
        List<int[]> out = new ArrayList<>(reversed.size());
        for (int k = reversed.size() - 1; k >= 0; k--) {
            out.add(reversed.get(k));
        }
        return out;
    }
}

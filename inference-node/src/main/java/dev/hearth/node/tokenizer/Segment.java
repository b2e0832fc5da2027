package dev.hearth.node.tokenizer;

/** A stretch of input: either text still to be tokenized or an added token already matched. */
record Segment(String text, int tokenId) {
    static Segment text(String text) {
        return new Segment(text, -1);
    }

    static Segment token(int id) {
        return new Segment(null, id);
    }

    boolean isToken() {
        return tokenId >= 0;
    }
}

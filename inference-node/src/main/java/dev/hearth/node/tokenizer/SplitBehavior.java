package dev.hearth.node.tokenizer;

/** What a Split pre-tokenizer does with the text its pattern matches (the JSON {@code behavior}). */
enum SplitBehavior {
    /** Matches are dropped. */
    REMOVED,
    /** Every match becomes a piece of its own. */
    ISOLATED,
    /** A match joins the piece before it. */
    MERGED_WITH_PREVIOUS,
    /** A match joins the piece after it. */
    MERGED_WITH_NEXT,
    /** Adjacent matches become one piece. */
    CONTIGUOUS;

    /** The enum for a JSON name such as "MergedWithPrevious", or null when there is none. */
    static SplitBehavior fromJson(String name) {
        switch (name) {
            case "Removed": return REMOVED;
            case "Isolated": return ISOLATED;
            case "MergedWithPrevious": return MERGED_WITH_PREVIOUS;
            case "MergedWithNext": return MERGED_WITH_NEXT;
            case "Contiguous": return CONTIGUOUS;
            default: return null;
        }
    }
}

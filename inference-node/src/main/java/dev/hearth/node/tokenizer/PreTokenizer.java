package dev.hearth.node.tokenizer;

import java.util.List;

/**
 * A tokenizer.json {@code pre_tokenizer}: cuts text into the pieces that BPE encodes one by one, so no
 * token spans two pieces. Empty pieces are dropped.
 */
interface PreTokenizer {
    List<String> split(List<String> pieces);
}

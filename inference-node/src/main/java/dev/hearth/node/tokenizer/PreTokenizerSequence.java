package dev.hearth.node.tokenizer;

import java.util.List;

/** Applies pre-tokenizers in order, each to every piece the one before it produced. */
record PreTokenizerSequence(List<PreTokenizer> steps) implements PreTokenizer {
    @Override
    public List<String> split(List<String> pieces) {
        List<String> current = pieces;
        for (PreTokenizer step : steps) {
            current = step.split(current);
        }
        return current;
    }
}

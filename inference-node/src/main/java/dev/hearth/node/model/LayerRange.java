package dev.hearth.node.model;

/**
 * The decoder layers {@code [from, to)} one pipeline stage runs. The stage holding layer 0 also
 * embeds the tokens; the one ending at the last layer also applies the final norm and the LM head.
 */
public record LayerRange(int from, int to) {

    public LayerRange {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("a layer range needs 0 <= from < to, got [" + from + ", " + to + ")");
        }
    }

    /** Every layer of {@code config}: the whole model on one node. */
    public static LayerRange all(ModelConfig config) {
        return new LayerRange(0, config.numHiddenLayers());
    }

    /**
     * Parses {@code "FROM-TO"} with both ends inclusive, as operators write layer ranges (e.g.
     * {@code 0-19}), and checks it against the model's layers.
     */
    public static LayerRange parse(String text, ModelConfig config) {
        String[] parts = text.strip().split("-", -1);
        int from;
        int last;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            from = Integer.parseInt(parts[0].strip());
            last = Integer.parseInt(parts[1].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer range \"" + text + "\" is not FROM-TO (both inclusive, e.g. 0-"
                    + (config.numHiddenLayers() - 1) + ")");
        }
        if (from < 0 || last < from || last >= config.numHiddenLayers()) {
            throw new IllegalArgumentException("layer range \"" + text + "\" is outside this model's layers 0-"
                    + (config.numHiddenLayers() - 1));
        }
        return new LayerRange(from, last + 1);
    }

    public boolean contains(int layer) {
        return layer >= from && layer < to;
    }

    public int size() {
        return to - from;
    }

    public boolean first() {
        return from == 0;
    }

    public boolean last(ModelConfig config) {
        return to == config.numHiddenLayers();
    }

    @Override
    public String toString() {
        return from + "-" + (to - 1);
    }
}

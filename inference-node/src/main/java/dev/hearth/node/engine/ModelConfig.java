package dev.hearth.node.engine;

/**
 * Shape of a decoder-only transformer: RMSNorm, rotary attention, SwiGLU MLP, byte vocabulary.
 *
 * @param maxSeqLen the longest prompt plus completion a sequence may hold (KV cache length)
 */
public record ModelConfig(String name, int vocabSize, int dim, int hiddenDim, int layers, int heads,
                          int maxSeqLen, float ropeTheta, float normEps) {

    public ModelConfig {
        requirePositive("vocabSize", vocabSize);
        requirePositive("dim", dim);
        requirePositive("hiddenDim", hiddenDim);
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        requirePositive("maxSeqLen", maxSeqLen);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not divisible by heads " + heads);
        }
        if ((dim / heads) % 2 != 0) {
            throw new IllegalArgumentException("head dimension " + dim / heads + " must be even for rotary embeddings");
        }
        if (!(ropeTheta > 0) || !(normEps > 0)) {
            throw new IllegalArgumentException("ropeTheta and normEps must be positive");
        }
    }

    /** The model every node of a local fleet serves: small enough for CPUs, large enough to show load. */
    public static ModelConfig localFleet() {
        return new ModelConfig("hearth-local-128", ByteTokenizer.VOCAB_SIZE, 128, 344, 4, 4, 512, 10_000f, 1e-5f);
    }

    /** A model small enough for unit tests. */
    public static ModelConfig tiny() {
        return new ModelConfig("hearth-tiny-32", ByteTokenizer.VOCAB_SIZE, 32, 64, 2, 2, 128, 10_000f, 1e-5f);
    }

    public int headDim() {
        return dim / heads;
    }

    /** Number of weights, for logs and capacity arithmetic. */
    public long parameterCount() {
        long perLayer = 2L * dim + 4L * dim * dim + 3L * dim * hiddenDim;
        return 2L * vocabSize * dim + dim + layers * perLayer;
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }
}

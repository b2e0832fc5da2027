package dev.hearth.node.generation;

/**
 * How the next token is drawn from the logits.
 *
 * @param temperature 0 picks the most likely token (greedy); higher values flatten the distribution
 * @param topP        nucleus sampling: draw only from the smallest set of tokens whose probability
 *                    mass reaches {@code topP}
 * @param seed        makes sampling reproducible
 */
public record SamplingParams(double temperature, double topP, long seed) {
    public SamplingParams {
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature " + temperature + " must be between 0 and 2");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p " + topP + " must be in (0, 1]");
        }
    }

    public static SamplingParams greedy() {
        return new SamplingParams(0, 1, 0);
    }
}

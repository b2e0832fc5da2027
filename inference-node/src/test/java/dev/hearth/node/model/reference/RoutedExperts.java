package dev.hearth.node.model.reference;

/**
 * The routed experts one token goes to at one MoE layer, ascending by expert index, and the weight
 * each one's output is multiplied by (after normalisation and {@code routed_scaling_factor}).
 */
public record RoutedExperts(int[] experts, double[] weights) {
}

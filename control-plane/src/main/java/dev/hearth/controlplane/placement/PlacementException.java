package dev.hearth.controlplane.placement;

/**
 * The fleet cannot hold the model as asked: too few nodes, too little memory, a shard larger than
 * any node. The message names the numbers and what to change.
 */
public final class PlacementException extends RuntimeException {
    public PlacementException(String message) {
        super(message);
    }
}

package dev.hearth.model.placement;

import java.util.Objects;

/**
 * One unit of placement: a part of the model that a node loads whole.
 *
 * @param id          stable name, unique in a placement: {@code stage-0}, {@code layer-12-experts-32-63}
 * @param stage       the pipeline stage the shard serves: its own for a {@link ShardKind#STAGE}, the stage
 *                    whose layer the experts belong to for {@link ShardKind#EXPERTS} (placement keeps the
 *                    two close, since every token goes from a stage to its experts and back)
 * @param firstLayer  first layer held
 * @param endLayer    one past the last layer held; {@code firstLayer + 1} for an expert group
 * @param firstExpert first routed expert held; 0 for a stage
 * @param endExpert   one past the last routed expert held; 0 for a stage
 * @param bytes       weight bytes the node loads for it (quantization scales included)
 */
public record Shard(String id, ShardKind kind, int stage, int firstLayer, int endLayer, int firstExpert, int endExpert,
                    long bytes) {
    public Shard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        if (id.isBlank()) {
            throw new IllegalArgumentException("shard id is blank; give each shard a unique name such as stage-0");
        }
        if (stage < 0 || firstLayer < 0 || endLayer <= firstLayer) {
            throw new IllegalArgumentException("shard " + id + " has stage " + stage + " and layers [" + firstLayer + ", "
                    + endLayer + "); the stage must be >= 0 and the layer range non-empty");
        }
        if (kind == ShardKind.EXPERTS && (endLayer != firstLayer + 1 || firstExpert < 0 || endExpert <= firstExpert)) {
            throw new IllegalArgumentException("expert shard " + id + " must hold experts [" + firstExpert + ", "
                    + endExpert + ") of exactly one layer, not layers [" + firstLayer + ", " + endLayer + ")");
        }
        if (kind == ShardKind.STAGE && (firstExpert != 0 || endExpert != 0)) {
            throw new IllegalArgumentException("stage shard " + id + " holds no routed experts; give experts [0, 0)");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("shard " + id + " has " + bytes + " bytes; a shard holds at least one byte");
        }
    }

    /** The dense part of pipeline stage {@code stage}: layers {@code [firstLayer, endLayer)}. */
    public static Shard stage(int stage, int firstLayer, int endLayer, long bytes) {
        return new Shard("stage-" + stage, ShardKind.STAGE, stage, firstLayer, endLayer, 0, 0, bytes);
    }

    /** Routed experts {@code [firstExpert, endExpert)} of MoE layer {@code layer}, served next to {@code stage}. */
    public static Shard experts(int stage, int layer, int firstExpert, int endExpert, long bytes) {
        return new Shard("layer-" + layer + "-experts-" + firstExpert + "-" + (endExpert - 1), ShardKind.EXPERTS, stage,
                layer, layer + 1, firstExpert, endExpert, bytes);
    }
}

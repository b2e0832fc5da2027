package dev.hearth.controlplane.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order a placement change reaches the fleet in, recorded by test doubles of the pushes and the switch. */
class PlacementRolloutTest {
    private final List<String> log = new ArrayList<>();

    private static PlacementMap map(long version, String stage0, String stage1) {
        return new PlacementMap(version, 1, List.of(
                new ShardPlacement(new Shard("stage-0", ShardKind.STAGE, 0, 0, 2, 0, 0, 1), List.of(stage0)),
                new ShardPlacement(new Shard("stage-1", ShardKind.STAGE, 1, 2, 4, 0, 0, 1), List.of(stage1))));
    }

    private PlacementRollout rollout(String failingNode) {
        return new PlacementRollout((node, map, prepare) -> {
            if (node.equals(failingNode)) {
                throw new IllegalStateException("connection refused");
            }
            log.add((prepare ? "prepare " : "commit ") + node + " v" + map.version());
            return map.version();
        }, map -> log.add("switch v" + map.version()));
    }

    @Test
    void everyNewNodePreparesBeforeTheSwitchAndEveryNodeCommitsAfter() {
        PlacementRollout.Report r = rollout(null).apply(map(1, "a", "b"), map(2, "a", "c"));
        assertThat(log).containsExactly("prepare a v2", "prepare c v2", "switch v2", "commit a v2", "commit b v2",
                "commit c v2");
        assertThat(r.switched()).isTrue();
        assertThat(r.failures()).isEmpty();
    }

    @Test
    void aNodeThatCannotPrepareStopsTheRolloutBeforeTheSwitch() {
        PlacementRollout.Report r = rollout("c").apply(map(1, "a", "b"), map(2, "a", "c"));
        assertThat(log).containsExactly("prepare a v2");
        assertThat(r.switched()).isFalse();
        assertThat(r.failures()).containsExactly("c: connection refused");
    }

    @Test
    void aNodeThatCannotCommitIsReportedAndTheOthersStillCommit() {
        PlacementRollout.Report r = rollout("b").apply(map(1, "a", "b"), map(2, "a", "c"));
        assertThat(r.switched()).isTrue();
        assertThat(r.committed()).containsExactly("a", "c");
        assertThat(r.failures()).containsExactly("b: connection refused");
    }

    @Test
    void aPlacementMustMoveTheVersionForward() {
        assertThatThrownBy(() -> rollout(null).apply(map(3, "a", "b"), map(3, "a", "c")))
                .hasMessageContaining("placement version 3 does not follow version 3");
        assertThat(log).isEmpty();
    }
}

package dev.hearth.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway follows placements: it routes to the nodes holding the first stage. */
class RouteTableTest {
    private final Map<String, URI> uris = Map.of("a", URI.create("http://127.0.0.1:1"), "b",
            URI.create("http://127.0.0.1:2"), "c", URI.create("http://127.0.0.1:3"));

    private static PlacementMap map(long version, String... firstStageNodes) {
        return new PlacementMap(version, firstStageNodes.length, List.of(
                new ShardPlacement(new Shard("stage-0", ShardKind.STAGE, 0, 0, 2, 0, 0, 1), List.of(firstStageNodes)),
                new ShardPlacement(new Shard("stage-1", ShardKind.STAGE, 1, 2, 4, 0, 0, 1),
                        List.of(firstStageNodes).stream().map(n -> n + "-tail").toList())));
    }

    @Test
    void routesFollowTheFirstStageKeepingIsolatedNodesIsolated() {
        RouteTable table = new RouteTable(Map.of("old", URI.create("http://127.0.0.1:9")));
        assertThat(table.applyPlacement(map(1, "a", "b"), uris)).isTrue();
        assertThat(table.all()).extracting(Route::node).containsExactly("a", "b");
        table.setRoutable("b", false); // remediation isolated b
        assertThat(table.applyPlacement(map(2, "b", "c"), uris)).isTrue();
        assertThat(table.all()).containsExactly(new Route("b", uris.get("b"), false), new Route("c", uris.get("c"), true));
        assertThat(table.placementVersion()).isEqualTo(2);
        assertThat(table.applyPlacement(map(1, "a", "b"), uris)).as("an older map is ignored").isFalse();
        assertThat(table.all()).extracting(Route::node).containsExactly("b", "c");
    }

    @Test
    void aFirstStageNodeWithoutAnAddressIsNamed() {
        RouteTable table = new RouteTable(Map.of());
        assertThatThrownBy(() -> table.applyPlacement(map(1, "a", "zed"), uris))
                .hasMessageContaining("gives zed the first stage, but no API address was given");
        assertThat(table.placementVersion()).as("nothing half-applied").isZero();
    }
}

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

    private static List<String> firstTries(RouteTable table, int n) {
        List<String> firsts = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            firsts.add(table.attemptOrder().get(0).node());
        }
        return firsts;
    }

    @Test
    void equalWeightsAreRoundRobinAndEveryRoutableNodeIsAFallBack() {
        RouteTable table = new RouteTable(new java.util.LinkedHashMap<>(Map.of("a", uris.get("a"))));
        table.put("b", uris.get("b"), true);
        table.put("c", uris.get("c"), true);
        assertThat(firstTries(table, 6)).containsExactly("a", "b", "c", "a", "b", "c");
        table.setRoutable("b", false);
        assertThat(table.attemptOrder()).extracting(Route::node).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void weightsShareTheFirstTriesInProportionAndSpreadThem() {
        RouteTable table = new RouteTable(new java.util.LinkedHashMap<>(Map.of("a", uris.get("a"))));
        table.put("b", uris.get("b"), true);
        table.put("c", uris.get("c"), true);
        table.setWeights(Map.of("a", 2.0, "b", 1.0, "c", 1.0));
        List<String> firsts = firstTries(table, 8);
        assertThat(firsts.stream().filter("a"::equals).count()).isEqualTo(4);
        assertThat(firsts.stream().filter("b"::equals).count()).isEqualTo(2);
        assertThat(firsts.stream().filter("c"::equals).count()).isEqualTo(2);
        // smooth: the heavy node never takes two first tries in a row here
        assertThat(firsts).containsExactly("a", "b", "c", "a", "a", "b", "c", "a");
        // the fall-backs after the first come heaviest first
        table.setWeights(Map.of("a", 0.25));
        assertThat(table.attemptOrder()).extracting(Route::node).containsExactly("b", "c", "a");
    }

    @Test
    void badWeightsAndAddressesAreRefusedAndChangeNothing() {
        RouteTable table = new RouteTable(new java.util.LinkedHashMap<>(Map.of("a", uris.get("a"))));
        assertThatThrownBy(() -> table.setWeights(Map.of("a", 0.0)))
                .hasMessage("the weight 0.0 of a is out of range: give a number above 0 and at most 100.0 (isolate a"
                        + " node to stop routing to it)");
        assertThatThrownBy(() -> table.setWeights(new java.util.LinkedHashMap<>(Map.of("a", 0.5, "zed", 1.0))))
                .isInstanceOf(UnknownNodeException.class);
        assertThat(table.all()).containsExactly(new Route("a", uris.get("a"), true, 1.0));
        assertThatThrownBy(() -> table.put("s", URI.create("relative/path"), true))
                .hasMessage("the address relative/path of s is not an absolute http(s) URI such as"
                        + " http://127.0.0.1:8080");
        assertThat(table.put("a", uris.get("b"), false)).isEqualTo(new Route("a", uris.get("b"), false, 1.0));
    }
}

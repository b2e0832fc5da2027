package dev.hearth.rules;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FindingTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private static Finding hot(String node, long sinceSeconds) {
        return new Finding(node, "gpu-overheat", Severity.CRITICAL, "r", T0.plusSeconds(sinceSeconds), List.of(),
                ActionType.ISOLATE, "hot since " + sinceSeconds);
    }

    @Test
    void oneFindingPerNodeAndKindWhileItHoldsKeepingItsFirstSince() {
        FindingTracker tracker = new FindingTracker();
        FindingUpdate first = tracker.update(T0.plusSeconds(30), List.of(hot("n1", 0)));
        assertThat(first.opened()).containsExactly(hot("n1", 0));

        FindingUpdate second = tracker.update(T0.plusSeconds(35), List.of(hot("n1", 5), hot("n2", 5)));
        assertThat(second.opened()).containsExactly(hot("n2", 5));
        assertThat(second.ongoing()).singleElement().satisfies(f -> {
            assertThat(f.since()).isEqualTo(T0);
            assertThat(f.summary()).isEqualTo("hot since 5"); // the newest evaluation's wording and evidence
        });

        FindingUpdate third = tracker.update(T0.plusSeconds(40), List.of(hot("n2", 10)));
        assertThat(third.resolved()).extracting(Finding::node).containsExactly("n1");
        assertThat(third.active()).extracting(Finding::node, Finding::since)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("n2", T0.plusSeconds(5)));

        FindingUpdate again = tracker.update(T0.plusSeconds(45), List.of(hot("n1", 45)));
        assertThat(again.opened()).containsExactly(hot("n1", 45)); // a new occurrence, with its own since
        assertThat(tracker.active()).containsExactly(hot("n1", 45));
    }
}

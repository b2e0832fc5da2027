package dev.hearth.node.gateway;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Refusals held to a minimum time, within a capacity; the pause is recorded instead of slept. */
class RefusalPacingTest {
    private static final long MS = 1_000_000;
    private final List<Long> paused = new CopyOnWriteArrayList<>();

    @Test
    void aRefusalThatCameAtOnceIsHeldForTheRestOfTheMinimum() {
        RefusalPacing pacing = new RefusalPacing(Duration.ofMillis(250), 4, nanos -> paused.add(nanos));
        pacing.hold(0);
        pacing.hold(100 * MS);
        pacing.hold(250 * MS); // a refusal after the slot wait has waited enough
        pacing.hold(400 * MS);
        assertThat(paused).containsExactly(250 * MS, 150 * MS);
    }

    @Test
    void beyondItsCapacityARefusalGoesOutAtOnce() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RefusalPacing pacing = new RefusalPacing(Duration.ofMillis(250), 1, nanos -> {
            paused.add(nanos);
            holding.countDown();
            release.await(10, TimeUnit.SECONDS);
        });
        Thread first = new Thread(() -> pacing.hold(0));
        first.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        pacing.hold(0); // the one place is taken: no pause
        assertThat(paused).containsExactly(250 * MS);
        release.countDown();
        first.join(10_000);
        pacing.hold(0); // the place is free again
        assertThat(paused).containsExactly(250 * MS, 250 * MS);
    }

    @Test
    void aNegativeMinimumOrCapacityIsRefused() {
        assertThatThrownBy(() -> new RefusalPacing(Duration.ofMillis(-1), 1, n -> { }))
                .hasMessageContaining("got PT-0.001S and 1");
        assertThatThrownBy(() -> new RefusalPacing(Duration.ZERO, -1, n -> { }))
                .hasMessageContaining("got PT0S and -1");
    }
}

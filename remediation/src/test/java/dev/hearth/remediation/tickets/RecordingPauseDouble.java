package dev.hearth.remediation.tickets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Pause} that returns at once and remembers the pauses asked for, so tests never sleep. */
final class RecordingPauseDouble implements Pause {
    private final List<Duration> pauses = new ArrayList<>();

    @Override
    public synchronized void pause(Duration duration) {
        pauses.add(duration);
    }

    synchronized List<Duration> pauses() {
        return List.copyOf(pauses);
    }
}

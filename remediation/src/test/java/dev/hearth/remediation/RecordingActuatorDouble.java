package dev.hearth.remediation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Test double of a backend: records the actions it is asked to carry out, or fails them (for good,
 * or retryably a given number of times), or hangs until released.
 */
final class RecordingActuatorDouble implements FleetActuator {
    final List<PlannedAction> executed = new ArrayList<>();
    String failWith;
    int retryableFailures;
    int calls;
    CountDownLatch hang;

    @Override
    public synchronized void execute(PlannedAction action) throws ActuationException {
        calls++;
        if (hang != null) {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ActuationException("interrupted", e);
            }
        }
        if (failWith != null) {
            throw new ActuationException(failWith, null);
        }
        if (retryableFailures > 0) {
            retryableFailures--;
            throw ActuationException.retryable("connection refused", null);
        }
        executed.add(action);
    }
}

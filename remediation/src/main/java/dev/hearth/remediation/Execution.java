package dev.hearth.remediation;

import java.time.Duration;

/**
 * What a backend made of an action.
 *
 * @param outcome  {@link Outcome#EXECUTED}, {@link Outcome#FAILED} or {@link Outcome#NOT_APPLICABLE}
 * @param detail   the action's reason when executed, else why not
 * @param attempts tries made
 * @param took     time from the first try to the answer, retries and waits included
 */
public record Execution(Outcome outcome, String detail, int attempts, Duration took) {
}

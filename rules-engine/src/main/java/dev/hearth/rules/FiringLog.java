package dev.hearth.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where rule firings are kept for the audit: why a rule acted, or why it was left out. */
public interface FiringLog {

    /** Stores every firing of one evaluation, all or none. */
    void append(Evaluation evaluation);

    /** The newest firings, newest first, of one rule when {@code rule} is given. */
    List<Firing> recent(int limit, Optional<String> rule);

    /** Deletes firings older than {@code before}; returns how many. */
    int deleteBefore(Instant before);
}

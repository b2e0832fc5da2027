package dev.hearth.rules.facts;

import dev.hearth.model.Sample;

import java.util.List;

/**
 * A fact that stands for stored samples, so a finding raised on it carries those samples as its
 * evidence and knows since when its condition could be seen.
 */
public interface Evidence {

    /** The samples behind this fact, oldest first; empty for facts read from the fleet's state. */
    List<Sample> samples();

    /** Epoch milliseconds from which the condition this fact shows was observed. */
    long sinceMillis();
}

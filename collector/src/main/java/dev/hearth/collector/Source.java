package dev.hearth.collector;

import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.List;

/** One place the collector reads samples from for one node: its BMC or its own /metrics endpoint. */
public interface Source {

    /** The node every sample of this source is about. */
    String node();

    /** What kind of source this is, {@code "bmc"} or {@code "node"}; becomes the {@code source} label. */
    String kind();

    /**
     * Reads the source once. Every returned sample carries {@code at} as its time, so that all samples
     * of one collection line up regardless of how long each source took to answer.
     *
     * @throws CollectException when the source cannot be read or answers something unusable; the
     *                          message names the URL and what was wrong with it
     */
    List<Sample> collect(Instant at) throws CollectException;
}

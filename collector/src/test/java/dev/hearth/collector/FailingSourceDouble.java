package dev.hearth.collector;

import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.List;

/** Test double of a source that is down (a {@link CollectException}) or broken (a RuntimeException). */
final class FailingSourceDouble implements Source {
    private final String node;
    private final String kind;
    private final boolean bug;

    private FailingSourceDouble(String node, String kind, boolean bug) {
        this.node = node;
        this.kind = kind;
        this.bug = bug;
    }

    static FailingSourceDouble down(String node, String kind) {
        return new FailingSourceDouble(node, kind, false);
    }

    static FailingSourceDouble buggy(String node, String kind) {
        return new FailingSourceDouble(node, kind, true);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public List<Sample> collect(Instant at) throws CollectException {
        if (bug) {
            throw new IllegalStateException("test double: a bug in the source");
        }
        throw new CollectException("test double: GET http://" + node + "/redfish/v1 answered HTTP 503");
    }
}

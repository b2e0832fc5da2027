package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** One walk of one BMC: its client and its budget, so that readers need only ask for resources. */
final class Walk {
    private final RedfishClient client;
    private final WalkBudget budget;

    Walk(RedfishClient client, WalkBudget budget) {
        this.client = client;
        this.budget = budget;
    }

    Resource fetch(URI url) throws CollectException {
        return client.get(url, budget);
    }

    /** The members of the collection at {@code url}, each fetched. */
    List<Resource> fetchMembers(URI url) throws CollectException {
        List<Resource> members = new ArrayList<>();
        for (URI member : fetch(url).members()) {
            members.add(fetch(member));
        }
        return members;
    }
}

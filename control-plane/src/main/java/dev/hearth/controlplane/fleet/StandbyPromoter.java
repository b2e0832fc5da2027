package dev.hearth.controlplane.fleet;

import dev.hearth.model.ActionType;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.PlannedAction;
import dev.hearth.remediation.Planner;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Promotes a standby in an isolated node's place, make before break: the standby loads what the node
 * held and starts serving unrouted; a canary completion sent straight to it must give the fleet's
 * answer; only then does the gateway route to it. A failed load or canary leaves the gateway as it was.
 */
public final class StandbyPromoter implements FleetActuator {
    /** Where standbys get their shards and their serving process. */
    public interface Standbys {
        /**
         * Loads what {@code replaced} held onto {@code standby} and starts it serving, not yet routed.
         *
         * @return the standby's API address
         */
        URI load(String standby, String replaced) throws ActuationException;

        /** Records that {@code standby} now holds, and serves, what {@code replaced} did. */
        void promoted(String standby, String replaced);
    }

    private final Standbys standbys;
    private final Canary canary;
    private final Supplier<String> expected;
    private final GatewayAdmin gateway;
    private final Consumer<String> events;

    /**
     * @param expected the fleet's answer to the canary prompt
     * @param events   receives one line per promotion step
     */
    public StandbyPromoter(Standbys standbys, Canary canary, Supplier<String> expected, GatewayAdmin gateway,
                           Consumer<String> events) {
        this.standbys = standbys;
        this.canary = canary;
        this.expected = expected;
        this.gateway = gateway;
        this.events = events;
    }

    @Override
    public void execute(PlannedAction action) throws ActuationException {
        if (action.type() != ActionType.PROMOTE_STANDBY) {
            throw new ActuationException("the standby promoter promotes standbys; it cannot "
                    + action.type().name().toLowerCase(java.util.Locale.ROOT), null);
        }
        String standby = action.parameter(Planner.STANDBY);
        if (standby == null) {
            throw new ActuationException("promoting a standby for " + action.node() + " needs the standby to"
                    + " promote; the action names none", null);
        }
        long start = System.nanoTime();
        URI api = standbys.load(standby, action.node());
        Duration loaded = Duration.ofNanos(System.nanoTime() - start);
        Duration answered = canary.verify(standby, api, expected.get());
        events.accept(standby + " loaded " + action.node() + "'s shards in " + loaded.toMillis() + " ms; canary"
                + " answered as the fleet does in " + answered.toMillis() + " ms");
        gateway.putRoute(standby, api, true);
        standbys.promoted(standby, action.node());
    }
}

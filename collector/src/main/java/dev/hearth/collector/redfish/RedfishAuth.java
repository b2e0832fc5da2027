package dev.hearth.collector.redfish;

import java.util.Objects;

/**
 * How the collector proves itself to a BMC. Redfish lets a client send HTTP Basic credentials with every
 * request or open a session once (POST to the SessionService) and send its {@code X-Auth-Token}; BMCs
 * that throttle Basic logins or keep an audit entry per login are polled with sessions.
 *
 * <p>{@link #toString()} never shows the password: these values end up in logs and error messages.
 */
public sealed interface RedfishAuth permits RedfishAuth.None, RedfishAuth.Basic, RedfishAuth.Session {

    static RedfishAuth none() {
        return new None();
    }

    static RedfishAuth basic(String user, String password) {
        return new Basic(user, password);
    }

    static RedfishAuth session(String user, String password) {
        return new Session(user, password);
    }

    /** No credentials, as for a simulated BMC or one behind an authenticating proxy. */
    record None() implements RedfishAuth {
    }

    /** {@code Authorization: Basic ...} on every request. */
    record Basic(String user, String password) implements RedfishAuth {
        public Basic {
            requireUser(user);
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    /** A Redfish session: login once, {@code X-Auth-Token} on every request, logout on close. */
    record Session(String user, String password) implements RedfishAuth {
        public Session {
            requireUser(user);
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Session[user=" + user + ", password=***]";
        }
    }

    private static void requireUser(String user) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a Redfish user name is required for Basic or session authentication");
        }
    }
}

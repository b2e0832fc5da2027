package dev.hearth.collector.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.collector.CollectException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A Redfish session with one BMC: login by POST to the sessions collection (ServiceRoot
 * {@code Links.Sessions}), the {@code X-Auth-Token} it answers, and logout by DELETE of the session's
 * URL. It is opened on the first walk and kept for later ones; when the BMC forgets it (it timed out,
 * the BMC restarted) {@link RedfishClient} opens it again once.
 */
final class RedfishSession implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedfishSession.class.getName());
    /** ServiceRoot.Links.Sessions is required by the specification; this is where BMCs put it. */
    private static final String DEFAULT_SESSIONS = "/redfish/v1/SessionService/Sessions";

    private final BmcAddress bmc;
    private final BmcHttp http;
    private final ObjectMapper json;
    private final RedfishAuth.Session credentials;

    // guarded by this
    private URI sessions;
    private String token;
    private URI session;

    RedfishSession(BmcAddress bmc, BmcHttp http, ObjectMapper json, RedfishAuth.Session credentials) {
        this.bmc = bmc;
        this.http = http;
        this.json = json;
        this.credentials = credentials;
    }

    synchronized String token() {
        return token;
    }

    /** Opens the session unless one is open; {@code serviceRoot} says where sessions are created. */
    void openIfNeeded(Resource serviceRoot, WalkBudget budget) throws CollectException {
        synchronized (this) {
            if (sessions == null) {
                Optional<Resource> links = serviceRoot.object("Links");
                Optional<URI> link = links.isPresent() ? links.get().link("Sessions") : Optional.empty();
                sessions = link.orElse(BmcAddress.resolve(bmc.serviceRoot(), URI.create(DEFAULT_SESSIONS)));
            }
            if (token != null) {
                return;
            }
        }
        open(budget);
    }

    /** Drops {@code expired} (if still current) and logs in again. */
    void reopen(String expired, WalkBudget budget) throws CollectException {
        synchronized (this) {
            if (expired.equals(token)) {
                token = null;
                session = null;
            }
        }
        open(budget);
    }

    private void open(WalkBudget budget) throws CollectException {
        URI collection;
        synchronized (this) {
            collection = sessions != null ? sessions
                    : BmcAddress.resolve(bmc.serviceRoot(), URI.create(DEFAULT_SESSIONS));
        }
        ObjectNode login = json.createObjectNode()
                .put("UserName", credentials.user())
                .put("Password", credentials.password());
        budget.charge("POST", collection);
        HttpRequest post = http.request(collection, null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(login.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> answer = http.send("POST", collection, post, budget.nextWait(), budget);
        int status = answer.statusCode();
        if (status == 401 || status == 403) {
            throw new CollectException("POST " + collection + " (Redfish session login of user '" + credentials.user()
                    + "') answered HTTP " + status + ": the BMC refused the credentials");
        }
        if (status != 201 && status != 200) {
            throw new CollectException("POST " + collection + " (Redfish session login) answered HTTP " + status
                    + " (expected 201 Created)");
        }
        String newToken = answer.headers().firstValue("X-Auth-Token").orElse(null);
        if (newToken == null || newToken.isBlank()) {
            throw new CollectException("POST " + collection + " (Redfish session login) answered HTTP " + status
                    + " without an X-Auth-Token header");
        }
        URI newSession = sessionUrl(collection, answer);
        synchronized (this) {
            token = newToken;
            session = newSession;
        }
    }

    /** The session's own URL, from Location or the body's @odata.id; it is where the logout goes. */
    private URI sessionUrl(URI collection, HttpResponse<byte[]> answer) throws CollectException {
        String reference = answer.headers().firstValue("Location").orElse(null);
        if (reference == null) {
            try {
                JsonNode body = json.readTree(answer.body());
                reference = body != null && body.path("@odata.id").isTextual() ? body.get("@odata.id").asText() : null;
            } catch (IOException e) {
                reference = null;
            }
        }
        if (reference == null) {
            LOG.log(System.Logger.Level.WARNING, "Redfish session login at {0} named no session URL (neither Location"
                    + " nor @odata.id); the session cannot be deleted on close", collection);
            return null;
        }
        URI url;
        try {
            url = BmcAddress.resolve(collection, new URI(reference));
        } catch (URISyntaxException e) {
            throw new CollectException("POST " + collection + " (Redfish session login) named the session \""
                    + reference + "\", not a valid URL: " + e.getMessage(), e);
        }
        if (!bmc.owns(url)) {
            throw new CollectException("POST " + collection + " (Redfish session login) named the session " + url
                    + ", not on the BMC at " + bmc.serviceRoot().getHost() + "; refused, as its token would go there");
        }
        return url;
    }

    /** Deletes the session, if one is open; a BMC keeps only a few sessions, so an abandoned one hurts. */
    @Override
    public void close() {
        URI toDelete;
        String usedToken;
        synchronized (this) {
            toDelete = session;
            usedToken = token;
            session = null;
            token = null;
        }
        if (toDelete == null || usedToken == null) {
            return;
        }
        HttpRequest delete = http.request(toDelete, usedToken).DELETE().build();
        try {
            HttpResponse<byte[]> answer = http.send("DELETE", toDelete, delete,
                    new WalkBudget.Wait(http.limits().requestTimeout(), false), null);
            if (answer.statusCode() >= 300) {
                LOG.log(System.Logger.Level.WARNING, "DELETE {0} (Redfish logout) answered HTTP {1}; the session"
                        + " stays until the BMC times it out", toDelete, answer.statusCode());
            }
        } catch (CollectException e) {
            LOG.log(System.Logger.Level.WARNING, "Redfish logout failed; the session stays until the BMC times it"
                    + " out: {0}", e.getMessage());
        }
    }
}

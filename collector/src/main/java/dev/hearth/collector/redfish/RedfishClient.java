package dev.hearth.collector.redfish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.CollectException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Objects;

/**
 * GETs of one BMC's resources: each answers a Redfish resource (a JSON object) or a
 * {@link CollectException} naming the URL and what went wrong, with the configured authentication.
 *
 * <p>Redirects are followed here, not by the {@link HttpClient}, so that each hop can be checked: only
 * to the BMC's own host (see {@link BmcAddress}), at most {@value #MAX_REDIRECTS} hops, each charged to
 * the walk.
 */
final class RedfishClient implements AutoCloseable {
    static final int MAX_REDIRECTS = 5;

    private final BmcAddress bmc;
    private final BmcHttp http;
    private final ObjectMapper json;
    /** null unless the authentication is a session */
    private final RedfishSession session;

    RedfishClient(BmcAddress bmc, HttpClient http, ObjectMapper json, RedfishAuth auth, RedfishLimits limits) {
        this.bmc = Objects.requireNonNull(bmc, "bmc");
        this.json = Objects.requireNonNull(json, "json");
        this.http = new BmcHttp(http, auth, limits, bmc.serviceRoot());
        this.session = auth instanceof RedfishAuth.Session s ? new RedfishSession(bmc, this.http, json, s) : null;
    }

    BmcAddress bmc() {
        return bmc;
    }

    /** GETs {@code url} and parses it as a Redfish resource. */
    Resource get(URI url, WalkBudget budget) throws CollectException {
        URI current = url;
        boolean loggedInAgain = false;
        int redirects = 0;
        while (true) {
            budget.charge("GET", current);
            String token = session == null ? null : session.token();
            HttpResponse<byte[]> answer = http.send("GET", current, http.request(current, token).GET().build(),
                    budget.nextWait(), budget);
            int status = answer.statusCode();
            if (status == 200 || status == 203) {
                return new Resource(bmc, current, parse(current, answer), "");
            }
            if (isRedirect(status)) {
                current = redirectTarget(current, answer, ++redirects);
                continue;
            }
            if (status == 401 && token != null && !loggedInAgain) {
                // the session expired or the BMC restarted: one new login, then the same GET again
                loggedInAgain = true;
                session.reopen(token, budget);
                continue;
            }
            throw new CollectException("GET " + current + " answered HTTP " + status + " (expected 200)" + hint(status));
        }
    }

    /** Opens the session when the authentication is a session and none is open yet. */
    void openSessionIfNeeded(Resource serviceRoot, WalkBudget budget) throws CollectException {
        if (session != null) {
            session.openIfNeeded(serviceRoot, budget);
        }
    }

    /** Logs out, when there is a session. */
    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    private URI redirectTarget(URI from, HttpResponse<byte[]> answer, int hop) throws CollectException {
        String location = answer.headers().firstValue("Location").orElseThrow(() -> new CollectException(
                "GET " + from + " answered HTTP " + answer.statusCode() + " (a redirect) without a Location header"));
        if (hop > MAX_REDIRECTS) {
            throw new CollectException("GET " + from + " was redirected more than " + MAX_REDIRECTS
                    + " times in a row; refused");
        }
        URI target;
        try {
            target = BmcAddress.resolve(from, new URI(location));
        } catch (URISyntaxException e) {
            throw new CollectException("GET " + from + " was redirected to \"" + location + "\", not a valid URL", e);
        }
        if (!bmc.owns(target)) {
            throw new CollectException("GET " + from + " was redirected (HTTP " + answer.statusCode() + ") to "
                    + target + ", which is not the BMC at " + bmc.serviceRoot().getScheme() + "://"
                    + bmc.serviceRoot().getHost() + "; refused");
        }
        return target;
    }

    private JsonNode parse(URI url, HttpResponse<byte[]> answer) throws CollectException {
        byte[] body = answer.body();
        if (body.length == 0) {
            throw new CollectException("GET " + url + " returned an empty body where a Redfish resource (a JSON"
                    + " object) was expected");
        }
        JsonNode node;
        try {
            // a truncated or concatenated reply must not pass as its first complete value
            node = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            String type = answer.headers().firstValue("Content-Type").orElse("");
            // an HTML login or error page is the usual non-JSON answer: say so
            String declared = type.isEmpty() || type.toLowerCase(Locale.ROOT).contains("json") ? ""
                    : " (Content-Type " + type + ")";
            throw new CollectException("GET " + url + " returned invalid JSON" + where + declared + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CollectException("GET " + url + " returned a body that could not be read: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new CollectException("GET " + url + " returned " + Resource.describe(node)
                    + " where a Redfish resource (a JSON object) was expected");
        }
        return node;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> ": the BMC wants credentials, or refused the ones given";
            case 403 -> ": the BMC account lacks the privilege to read this resource";
            default -> "";
        };
    }
}

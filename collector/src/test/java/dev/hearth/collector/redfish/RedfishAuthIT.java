package dev.hearth.collector.redfish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.CollectException;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Basic and session authentication against a BMC that requires them, as real ones do. */
class RedfishAuthIT {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final String TEMP = RedfishMetrics.TEMPERATURE.name();

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RedfishWalker walker(FixtureBmc bmc, RedfishAuth auth) {
        return new RedfishWalker("n1", bmc.serviceRoot(), http, json, auth,
                RedfishLimits.withTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void basicCredentialsGoWithEveryRequest() throws CollectException {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").requireBasic("hearth", "s3cret");
             RedfishWalker walker = walker(bmc, RedfishAuth.basic("hearth", "s3cret"))) {

            assertThat(walker.walk(AT).count(TEMP)).isEqualTo(3);
        }
    }

    @Test
    void withoutCredentialsTheBmcsRefusalIsTheError() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").requireBasic("hearth", "s3cret");
             RedfishWalker walker = walker(bmc, RedfishAuth.none())) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("GET " + bmc.url("/redfish/v1/Chassis") + " answered HTTP 401 (expected 200): the BMC"
                            + " wants credentials, or refused the ones given");
        }
    }

    @Test
    void wrongBasicCredentialsAreRefused() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").requireBasic("hearth", "s3cret");
             RedfishWalker walker = walker(bmc, RedfishAuth.basic("hearth", "guess"))) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessageContaining("answered HTTP 401")
                    .hasMessageNotContaining("guess");
        }
    }

    @Test
    void aSessionIsOpenedOnceUsedForEveryRequestAndDeletedOnClose() throws CollectException {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").requireSession("hearth", "s3cret")) {
            try (RedfishWalker walker = walker(bmc, RedfishAuth.session("hearth", "s3cret"))) {
                assertThat(walker.walk(AT).count(TEMP)).isEqualTo(3);
                assertThat(walker.walk(AT).count(TEMP)).isEqualTo(3);
                assertThat(bmc.openSessions()).containsExactly("token-1");
            }

            assertThat(bmc.requests()).filteredOn(r -> r.startsWith("POST")).containsExactly("POST " + FixtureBmc.SESSIONS);
            assertThat(bmc.requests()).filteredOn(r -> r.startsWith("GET") && !r.equals("GET /redfish/v1"))
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r).endsWith(" token-1"));
            assertThat(bmc.deletedSessions()).containsExactly(FixtureBmc.SESSIONS + "/1");
            assertThat(bmc.openSessions()).isEmpty();
        }
    }

    @Test
    void anExpiredSessionIsOpenedAgainOnce() throws CollectException {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").requireSession("hearth", "s3cret");
             RedfishWalker walker = walker(bmc, RedfishAuth.session("hearth", "s3cret"))) {
            walker.walk(AT);
            bmc.expireSessions();

            assertThat(walker.walk(AT).count(TEMP)).isEqualTo(3);
            assertThat(bmc.openSessions()).containsExactly("token-2");
        }
    }

    @Test
    void aRefusedLoginNamesTheUserButNotThePassword() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").requireSession("hearth", "s3cret");
             RedfishWalker walker = walker(bmc, RedfishAuth.session("hearth", "guess"))) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("POST " + bmc.url(FixtureBmc.SESSIONS) + " (Redfish session login of user 'hearth')"
                            + " answered HTTP 401: the BMC refused the credentials");
        }
    }

    @Test
    void credentialsNeverShowTheirPassword() {
        assertThat(RedfishAuth.basic("hearth", "s3cret").toString()).doesNotContain("s3cret").contains("hearth");
        assertThat(RedfishAuth.session("hearth", "s3cret").toString()).doesNotContain("s3cret").contains("hearth");
    }
}

package dev.hearth.collector.redfish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.hearth.collector.CollectException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BMCs that are slow, hang, send too much, redirect elsewhere, speak no TLS or write the wrong units:
 * each walk ends in an error naming the URL and the reason, within its limits, and yields nothing.
 */
class RedfishHostileBmcIT {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final String CHASSIS = "/redfish/v1/Chassis";
    private static final String THERMAL = "/redfish/v1/Chassis/Main/Thermal";

    private final ObjectMapper json = new ObjectMapper();
    // generous: the connect timeout also covers the TLS handshake, and a JVM's first handshake sets up its
    // TLS context, which takes seconds on a busy machine; the hostile behaviours are bounded by the walk's limits
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private RedfishWalker walker(URI root, RedfishLimits limits) {
        return new RedfishWalker("n1", root, http, json, RedfishAuth.none(), limits);
    }

    private RedfishWalker walker(FixtureBmc bmc) {
        return walker(bmc.serviceRoot(), RedfishLimits.withTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void aBmcThatNeverAnswersTimesOutAfterTheRequestTimeout() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").hang(CHASSIS);
             RedfishWalker walker = walker(bmc.serviceRoot(), new RedfishLimits(Duration.ofMillis(300),
                     Duration.ofSeconds(10), RedfishLimits.DEFAULT_MAX_BODY_BYTES, 100))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("GET " + bmc.url(CHASSIS) + " did not answer within the request timeout PT0.3S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aBmcAnsweringEachRequestSlowlyRunsOutTheWalkTimeout() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").delay(Duration.ofMillis(150));
             RedfishWalker walker = walker(bmc.serviceRoot(), new RedfishLimits(Duration.ofSeconds(2),
                     Duration.ofMillis(500), RedfishLimits.DEFAULT_MAX_BODY_BYTES, 100))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessageStartingWith("Redfish walk of " + bmc.serviceRoot()
                            + " did not finish within the walk timeout PT0.5S; gave up at GET " + bmc.url(""));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aBodyTrickledWithoutEndIsCutAtTheRequestTimeout() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").reply(CHASSIS, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"Members\": [".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 400; i++) {
                    out.write(' ');
                    out.flush();
                    sleep(25);
                }
            }
        }); RedfishWalker walker = walker(bmc.serviceRoot(), new RedfishLimits(Duration.ofMillis(400),
                Duration.ofSeconds(10), RedfishLimits.DEFAULT_MAX_BODY_BYTES, 100))) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("GET " + bmc.url(CHASSIS) + " did not answer within the request timeout PT0.4S");
        }
    }

    @Test
    void aBodyAnnouncedLargerThanTheLimitIsNotRead() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").reply(THERMAL, exchange -> {
            exchange.sendResponseHeaders(200, 5L * 1024 * 1024);
            endless(exchange);
        }); RedfishWalker walker = walker(bmc)) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("GET " + bmc.url(THERMAL) + " announced a body of 5242880 bytes, more than the limit"
                            + " of 4194304 bytes; refused");
        }
    }

    @Test
    void anEndlessBodyIsCutAtTheLimit() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").reply(THERMAL, exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length announced
            endless(exchange);
        }); RedfishWalker walker = walker(bmc.serviceRoot(),
                RedfishLimits.withTimeout(Duration.ofSeconds(5)).withMaxBodyBytes(1024 * 1024))) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("GET " + bmc.url(THERMAL) + " sent a body of more than 1048576 bytes, the limit; refused");
        }
    }

    @Test
    void aRedirectToAnotherHostIsRefused() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node")
                .redirect(CHASSIS, 302, "http://bmc.elsewhere.example/redfish/v1/Chassis");
             RedfishWalker walker = walker(bmc)) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("GET " + bmc.url(CHASSIS) + " was redirected (HTTP 302) to"
                            + " http://bmc.elsewhere.example/redfish/v1/Chassis, which is not the BMC at"
                            + " http://127.0.0.1; refused");
        }
    }

    @Test
    void aRedirectOnTheSameBmcIsFollowed() throws CollectException {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node")
                .redirect(CHASSIS, 301, "/redfish/v1/Chassis-moved")
                .document("/redfish/v1/Chassis-moved", "{\"Members\": [{\"@odata.id\": \"/redfish/v1/Chassis/Main\"}]}");
             RedfishWalker walker = walker(bmc)) {

            assertThat(walker.walk(AT).count(RedfishMetrics.TEMPERATURE.name())).isEqualTo(3);
        }
    }

    @Test
    void redirectsInACircleEnd() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").redirect(CHASSIS, 307, CHASSIS);
             RedfishWalker walker = walker(bmc)) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("GET " + bmc.url(CHASSIS) + " was redirected more than 5 times in a row; refused");
        }
    }

    @Test
    void aBmcThatSpeaksNoTlsOnAnHttpsUrlIsATlsError() throws Exception {
        // answers the TLS ClientHello with plain HTTP, as a BMC whose HTTPS is switched off does
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket s = plain.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    sleep(500);
                } catch (IOException e) {
                    // the client hung up
                }
            });
            answer.setDaemon(true);
            answer.start();
            URI root = URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/redfish/v1");
            // the error comes at once; the generous bound leaves room for the JVM's first TLS set-up
            // (providers, random seeding), which a busy 2-core machine has stretched past 5 s
            try (RedfishWalker walker = walker(root, RedfishLimits.withTimeout(Duration.ofSeconds(30)))) {

                assertThatThrownBy(() -> walker.walk(AT))
                        .isInstanceOf(CollectException.class)
                        .hasMessageStartingWith("GET " + root + " failed the TLS handshake: ")
                        .hasMessageEndingWith("(is it an HTTPS port, and is its certificate trusted by this JVM?)");
            }
        }
    }

    @Test
    void aBmcLinkingMoreResourcesThanTheLimitIsRefused() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            members.add("{\"@odata.id\": \"/redfish/v1/Chassis/C" + i + "\"}");
        }
        FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node")
                .document(CHASSIS, "{\"Members\": [" + String.join(",", members) + "]}");
        for (int i = 0; i < 30; i++) {
            bmc.document(CHASSIS + "/C" + i, "{\"Id\": \"C" + i + "\"}");
        }
        try (bmc; RedfishWalker walker = walker(bmc.serviceRoot(),
                RedfishLimits.withTimeout(Duration.ofSeconds(5)).withMaxResources(20))) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage("Redfish walk of " + bmc.serviceRoot() + " stopped before GET " + bmc.url(CHASSIS + "/C18")
                            + ": it already sent 20 requests, the limit per walk; a BMC that links more resources"
                            + " than that is refused");
        }
    }

    @Test
    void aFanInAnUnknownUnitIsRefused() {
        assertRefused(THERMAL, """
                {"Fans": [{"Name": "Fan", "Reading": 300, "ReadingUnits": "Kelvin"}]}""",
                ": field 'Fans[0].ReadingUnits' is \"Kelvin\"; expected \"RPM\" or \"Percent\"");
    }

    @Test
    void aTemperatureBelowAbsoluteZeroIsNotCelsius() {
        assertRefused(THERMAL, """
                {"Temperatures": [{"Name": "CPU", "ReadingCelsius": -459.67}]}""",
                ": field 'Temperatures[0].ReadingCelsius' is -459.67, below absolute zero, so not degrees Celsius");
    }

    @Test
    void aPercentageAbove100IsNotAPercentage() {
        assertRefused(THERMAL, """
                {"Fans": [{"Name": "Fan", "Reading": 180, "ReadingUnits": "Percent"}]}""",
                ": field 'Fans[0].Reading' is 180.0, outside 0..100, so not a percentage");
    }

    @Test
    void aTemperatureSensorInFahrenheitIsRefused() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node")
                .document("/redfish/v1/Chassis/Main", """
                        {"Id": "Main", "Sensors": {"@odata.id": "/redfish/v1/Chassis/Main/Sensors"}}""")
                .document("/redfish/v1/Chassis/Main/Sensors", """
                        {"Members": [{"@odata.id": "/redfish/v1/Chassis/Main/Sensors/Inlet"}]}""")
                .document("/redfish/v1/Chassis/Main/Sensors/Inlet", """
                        {"Name": "Inlet", "ReadingType": "Temperature", "Reading": 75.2, "ReadingUnits": "[degF]"}""");
             RedfishWalker walker = walker(bmc)) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage(bmc.url("/redfish/v1/Chassis/Main/Sensors/Inlet")
                            + ": field 'ReadingUnits' is \"[degF]\"; expected \"Cel\"");
        }
    }

    @Test
    void anHtmlPageSaysItsContentType() {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").reply(THERMAL, exchange -> {
            byte[] page = "<html><body>Session expired</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        }); RedfishWalker walker = walker(bmc)) {

            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessageStartingWith("GET " + bmc.url(THERMAL)
                            + " returned invalid JSON at line 1 column 1 (Content-Type text/html): Unexpected character ('<'");
        }
    }

    @Test
    void anEmptyBodyIsNoResource() {
        assertRefusedWith(THERMAL, "", "GET %s returned an empty body where a Redfish resource (a JSON object) was"
                + " expected");
    }

    @Test
    void aWalkThatFailsHalfwayYieldsNothingAndTheNextOneEverything() throws CollectException {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node")
                .document("/redfish/v1/Chassis/Main/Power", "{\"PowerControl\": [");
             RedfishWalker walker = walker(bmc)) {
            assertThatThrownBy(() -> walker.walk(AT)).isInstanceOf(CollectException.class);

            bmc.document("/redfish/v1/Chassis/Main/Power", "{\"PowerControl\": []}");

            assertThat(walker.walk(AT).count(RedfishMetrics.TEMPERATURE.name())).isEqualTo(3);
        }
    }

    @Test
    void aClientThatFollowsRedirectsItselfIsRejected() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatThrownBy(() -> new RedfishWalker("n1", URI.create("http://127.0.0.1:1/redfish/v1"), following, json,
                RedfishAuth.none(), RedfishLimits.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("build it with Redirect.NEVER");
    }

    private void assertRefused(String path, String body, String message) {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").document(path, body);
             RedfishWalker walker = walker(bmc)) {
            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage(bmc.url(path) + message);
        }
    }

    private void assertRefusedWith(String path, String body, String format) {
        try (FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").document(path, body);
             RedfishWalker walker = walker(bmc)) {
            assertThatThrownBy(() -> walker.walk(AT))
                    .isInstanceOf(CollectException.class)
                    .hasMessage(String.format(format, bmc.url(path)));
        }
    }

    /** Writes until the client hangs up. */
    private static void endless(HttpExchange exchange) {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 10_000; i++) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // the client hung up, as it should
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

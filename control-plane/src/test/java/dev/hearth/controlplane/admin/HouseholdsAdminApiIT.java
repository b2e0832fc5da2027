package dev.hearth.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.Main;
import dev.hearth.controlplane.households.DemoHouseholds;
import dev.hearth.controlplane.households.HouseholdStore;
import dev.hearth.controlplane.households.IssuedKey;
import dev.hearth.node.households.HouseholdQuota;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/households} and the {@code households} commands against it, on a real store. */
class HouseholdsAdminApiIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static TestDatabase db;
    private static HikariDataSource ds;
    private static HouseholdStore store;
    private static List<IssuedKey> demo;
    private static final AdminToken TOKEN = AdminToken.generate(new SecureRandom());
    private static AdminApi api;
    private static java.nio.file.Path dataDir;

    @BeforeAll
    static void start() throws java.io.IOException {
        dataDir = java.nio.file.Files.createTempDirectory("hearth-admin-it");
        TOKEN.store(dataDir);
        db = TestDatabase.create();
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(2);
        store = new HouseholdStore(ds, new SecureRandom(), Clock.systemUTC()).migrate();
        DemoHouseholds demoHouseholds = new DemoHouseholds(store);
        demo = demoHouseholds.ensure();
        api = new AdminApi(new HouseholdFleetDouble(store, demoHouseholds), JSON, TOKEN).start(0);
    }

    @AfterAll
    static void stop() {
        api.close();
        ds.close();
        db.close();
    }

    @Test
    void listShowsTheKeysThisProcessHoldsAndOnlyPrefixesOfOthers() throws Exception {
        post("{\"name\": \"listed-elsewhere\"}");
        HttpResponse<String> r = get("/api/households");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode all = JSON.readTree(r.body());
        JsonNode alder = find(all, "demo-alder");
        assertThat(alder.get("key").asText()).isEqualTo(demo.get(0).key());
        assertThat(alder.get("keyPrefix").asText()).isEqualTo(demo.get(0).key().substring(0, 8));
        assertThat(alder.get("tokensPerMinute").asInt()).isEqualTo(120_000);
        assertThat(find(all, "demo-birch").get("weight").asDouble()).isEqualTo(2.0);
        JsonNode other = find(all, "listed-elsewhere");
        assertThat(other.get("key").isNull()).isTrue();
        assertThat(other.get("keyPrefix").asText()).startsWith("hh-").hasSize(8);
        assertThat(other.get("maxKvBlocks").asInt()).isEqualTo(256);
    }

    @Test
    void postIs201WithTheKeyOnceAndTheKeyWorks() throws Exception {
        HttpResponse<String> r = post("{\"name\": \"maple-street\", \"tokensPerMinute\": 5000, \"weight\": 1.5}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode created = JSON.readTree(r.body());
        String key = created.get("key").asText();
        assertThat(key).startsWith("hh-").hasSize(46);
        assertThat(created.get("tokensPerMinute").asInt()).isEqualTo(5000);
        assertThat(created.get("maxConcurrent").asInt()).isEqualTo(4);
        assertThat(created.get("weight").asDouble()).isEqualTo(1.5);
        assertThat(store.authenticate(key).orElseThrow().name()).isEqualTo("maple-street");
        assertThat(get("/api/households").body()).doesNotContain(key);
    }

    @Test
    void badRequestsAre400AndATakenNameIs409WithAClearMessage() throws Exception {
        assertError(post("not json"), 400, "the body must be JSON like");
        assertError(post("{}"), 400, "'name' is required");
        assertError(post("{\"name\": \"Bad Name\"}"), 400, "household name 'Bad Name' must be 1 to 40 characters");
        assertError(post("{\"name\": \"ok\", \"tokens_per_minute\": 5}"), 400, "unknown field 'tokens_per_minute'");
        assertError(post("{\"name\": \"ok\", \"maxConcurrent\": 2.5}"), 400, "'maxConcurrent' must be a whole number");
        assertError(post("{\"name\": \"ok\", \"weight\": -1}"), 400, "weight must be above 0");
        assertError(post("{\"name\": \"demo-alder\"}"), 409, "a household named 'demo-alder' already exists");
    }

    @Test
    void theCommandsAddAndListThroughTheApi() {
        String url = api.uri().toString();
        Run add = run("households", "add", "rowan-way", "--tokens-per-minute", "9000", "--weight", "3",
                "--admin-url", url, "--data-dir", dataDir.toString());
        assertThat(add.code).as(add.err).isZero();
        assertThat(add.out).contains("household rowan-way added: 9000 tokens/min, 4 at once, 256 KV blocks, weight 3.0")
                .contains("  key  hh-").contains("is not shown again");

        Run list = run("households", "list", "--admin-url", url);
        assertThat(list.code).as(list.err).isZero();
        assertThat(list.out.lines().findFirst().orElseThrow())
                .contains("NAME").contains("KEY").contains("TOKENS/MIN").contains("CONCURRENT").contains("KV BLOCKS")
                .contains("WEIGHT");
        assertThat(list.out).contains(demo.get(0).key()).contains(demo.get(1).key());
        assertThat(list.out.lines().filter(l -> l.startsWith("rowan-way")).findFirst().orElseThrow())
                .contains("…").contains("9000").contains("3.0");

        Run again = run("households", "add", "rowan-way", "--admin-url", url, "--data-dir", dataDir.toString());
        assertThat(again.code).isEqualTo(1);
        assertThat(again.err.strip()).isEqualTo("hearth: a household named 'rowan-way' already exists; pick another"
                + " name (./hearth households list shows the names taken)");
    }

    @Test
    void aFleetWithoutHouseholdsSaysSo() throws Exception {
        try (AdminApi bare = new AdminApi(new HouseholdFleetDouble(null, null), JSON, TOKEN).start(0)) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(bare.uri().resolve("/api/households")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(501);
            assertThat(r.body()).contains("this fleet keeps no households");
        }
    }

    private static JsonNode find(JsonNode all, String name) {
        for (JsonNode h : all) {
            if (h.get("name").asText().equals(name)) {
                return h;
            }
        }
        throw new AssertionError("no household " + name + " in " + all);
    }

    private static void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains(message);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.uri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return post(body, "Bearer " + TOKEN.reveal());
    }

    private static HttpResponse<String> post(String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri().resolve("/api/households"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void changesNeedTheAdminTokenAndAHouseholdKeyIsRefusedByName() throws Exception {
        assertError(post("{\"name\": \"no-token\"}", null), 401, "this call changes the fleet and needs the admin"
                + " token: send 'Authorization: Bearer <token>'");
        assertError(post("{\"name\": \"household-key\"}", "Bearer " + demo.get(0).key()), 403,
                "a household API key cannot change the fleet");
        assertError(post("{\"name\": \"wrong-token\"}", "Bearer hearth-admin-not-the-right-one-at-all"), 403,
                "the bearer token is not this fleet's admin token");
        assertThat(get("/api/households").body()).doesNotContain("no-token", "household-key", "wrong-token");
        // a command without the token's file gets the server's explanation
        Run noToken = run("households", "add", "no-file", "--admin-url", api.uri().toString(), "--data-dir",
                dataDir.resolve("elsewhere").toString());
        assertThat(noToken.code).isEqualTo(1);
        assertThat(noToken.err).contains("needs the admin token");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Test double of {@link FleetControl}: households from a real store, wired as the local fleet
     * wires them; without a store it keeps the interface's defaults (a fleet without households).
     */
    private static final class HouseholdFleetDouble extends FleetControlDouble {
        private final HouseholdStore store;
        private final DemoHouseholds demo;

        HouseholdFleetDouble(HouseholdStore store, DemoHouseholds demo) {
            this.store = store;
            this.demo = demo;
        }

        @Override
        public List<HouseholdView> households() {
            if (store == null) {
                return super.households();
            }
            return store.list().stream()
                    .map(h -> HouseholdView.of(h, demo.keyOf(h.household().id()).orElse(null))).toList();
        }

        @Override
        public HouseholdView addHousehold(String name, HouseholdQuota quota) {
            if (store == null) {
                return super.addHousehold(name, quota);
            }
            return HouseholdView.issued(store.create(name, quota));
        }




    }
}

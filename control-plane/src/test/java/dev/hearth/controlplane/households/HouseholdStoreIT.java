package dev.hearth.controlplane.households;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.node.gateway.Household;
import dev.hearth.node.households.HouseholdQuota;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HouseholdStoreIT {
    private static TestDatabase db;
    private static HikariDataSource ds;
    private static HouseholdStore store;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(2);
        store = new HouseholdStore(ds, new SecureRandom(), Clock.systemUTC()).migrate();
    }

    @AfterAll
    static void stop() {
        ds.close();
        db.close();
    }

    @Test
    void aCreatedHouseholdIsListedAndItsKeyAuthenticatesIt() {
        HouseholdQuota quota = new HouseholdQuota(30_000, 6, 512, 2.0);
        IssuedKey issued = store.create("maple-street", quota);

        assertThat(issued.key()).startsWith("hh-").hasSize(46).matches("hh-[A-Za-z0-9_-]{43}");
        assertThat(issued.household().name()).isEqualTo("maple-street");
        assertThat(issued.household().quota()).isEqualTo(quota);
        assertThat(issued.toString()).doesNotContain(issued.key()).contains(issued.keyPrefix());

        RegisteredHousehold listed = store.list().stream()
                .filter(h -> h.household().name().equals("maple-street")).findFirst().orElseThrow();
        assertThat(listed.household()).isEqualTo(issued.household());
        assertThat(listed.keyPrefix()).isEqualTo(issued.key().substring(0, 8));
        assertThat(listed.createdAt()).isNotNull();
        assertThat(store.find("maple-street")).contains(listed);

        assertThat(store.authenticate(issued.key())).contains(issued.household());
    }

    @Test
    void theTableHoldsTheKeysHashNeverTheKey() throws Exception {
        IssuedKey issued = store.create("hash-only", HouseholdQuota.standard());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(issued.key().getBytes(StandardCharsets.US_ASCII)));
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM households WHERE name = 'hash-only'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("key_hash")).isEqualTo(expected);
            assertThat(rs.getString("key_prefix")).isEqualTo(issued.key().substring(0, 8));
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                assertThat(String.valueOf(rs.getObject(i))).doesNotContain(issued.key().substring(8));
            }
        }
    }

    @Test
    void wrongOrMalformedKeysAuthenticateNobody() {
        IssuedKey issued = store.create("oak-lane", HouseholdQuota.standard());
        String key = issued.key();
        // same prefix, last character changed: finds the row by prefix, fails on the hash
        String sibling = key.substring(0, 45) + (key.charAt(45) == 'A' ? 'B' : 'A');
        assertThat(store.authenticate(sibling)).isEmpty();
        assertThat(store.authenticate(key + "x")).isEmpty();
        assertThat(store.authenticate(key.substring(1))).isEmpty();
        assertThat(store.authenticate("")).isEmpty();
        assertThat(store.authenticate("hh-' OR 1=1 --")).isEmpty();
        assertThat(store.authenticate(key.toUpperCase())).isEmpty();
        assertThat(store.authenticate(key)).contains(issued.household());
    }

    @Test
    void aTakenNameIsRefusedClearlyAndNothingChanges() {
        IssuedKey first = store.create("elm-court", HouseholdQuota.standard());
        assertThatThrownBy(() -> store.create("elm-court", new HouseholdQuota(1, 1, 1, 1)))
                .isInstanceOf(HouseholdExistsException.class)
                .hasMessageContaining("a household named 'elm-court' already exists");
        assertThat(store.find("elm-court").orElseThrow().household()).isEqualTo(first.household());
        assertThat(store.authenticate(first.key())).contains(first.household());
    }

    @Test
    void badNamesAreRefusedBeforeTheDatabase() {
        for (String bad : List.of("", "Maple", "maple street", "-maple", "maple_street", "a".repeat(41), "é")) {
            assertThatThrownBy(() -> store.create(bad, HouseholdQuota.standard()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 40 characters of a-z, 0-9 and '-'");
        }
        assertThat(store.create("a".repeat(40), HouseholdQuota.standard()).household().name()).hasSize(40);
        assertThat(store.create("7", HouseholdQuota.standard()).household().name()).isEqualTo("7");
    }

    @Test
    void theDatabaseItselfRefusesANameOutsideTheRule() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO households VALUES ('x', 'Bad Name', '"
                    + "0".repeat(64) + "', 'hh-abcde', 1, 1, 1, 1, now())"))
                    .hasMessageContaining("households_name_format");
        }
    }

    @Test
    void lookUpsAreCachedAndCreatingOrRotatingInvalidatesTheCache() throws Exception {
        IssuedKey issued = store.create("birch-row", HouseholdQuota.standard());
        assertThat(store.authenticate(issued.key())).isPresent();

        // the row changes behind the store's back: the cached answer still holds...
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE households SET tokens_per_minute = 99 WHERE name = 'birch-row'");
        }
        assertThat(store.authenticate(issued.key()).orElseThrow().quota().tokensPerMinute()).isEqualTo(20_000);

        // ...until this process issues a key, which clears it
        store.create("cache-buster", HouseholdQuota.standard());
        assertThat(store.authenticate(issued.key()).orElseThrow().quota().tokensPerMinute()).isEqualTo(99);

        // a replaced key stops working at once, though it was cached as valid
        Optional<IssuedKey> rotated = store.rotateKey("birch-row");
        assertThat(rotated).isPresent();
        assertThat(rotated.get().key()).isNotEqualTo(issued.key());
        assertThat(store.authenticate(issued.key())).isEmpty();
        assertThat(store.authenticate(rotated.get().key())).map(Household::name).contains("birch-row");
        assertThat(store.rotateKey("nobody-here")).isEmpty();
    }

    @Test
    void migratingAgainKeepsTheHouseholdsInTheirOwnHistory() throws Exception {
        IssuedKey issued = store.create("stays-put", HouseholdQuota.standard());
        store.migrate();
        assertThat(store.authenticate(issued.key())).contains(issued.household());
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_history_households WHERE success")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isPositive();
        }
    }

    @Test
    void demoHouseholdsGetFreshKeysAtEveryStartAndTheProcessHoldsThem() {
        DemoHouseholds first = new DemoHouseholds(store);
        List<IssuedKey> before = first.ensure();
        assertThat(before).extracting(k -> k.household().name()).containsExactly("demo-alder", "demo-birch");
        assertThat(first.keyOf(before.get(0).household().id())).contains(before.get(0).key());

        DemoHouseholds restarted = new DemoHouseholds(store);
        List<IssuedKey> after = restarted.ensure();
        assertThat(after.get(0).household().id()).isEqualTo(before.get(0).household().id());
        assertThat(after.get(0).key()).isNotEqualTo(before.get(0).key());
        assertThat(store.authenticate(before.get(0).key())).isEmpty();
        assertThat(store.authenticate(after.get(1).key())).map(Household::name).contains("demo-birch");
        assertThat(restarted.keyOf(store.find("maple-street").map(h -> h.household().id()).orElse("none"))).isEmpty();
    }
}

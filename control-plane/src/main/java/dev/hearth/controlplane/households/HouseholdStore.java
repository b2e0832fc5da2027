package dev.hearth.controlplane.households;

import dev.hearth.node.gateway.ApiKeys;
import dev.hearth.node.gateway.Household;
import dev.hearth.node.households.HouseholdQuota;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The fleet's households in PostgreSQL (table {@code households}) and the gateway's check of their
 * API keys. A key is returned once, when issued; the table keeps its SHA-256 and its first 8
 * characters. A presented key finds its candidate rows by those 8 characters, then must match a
 * stored hash compared in constant time. Answers are cached by hash (see {@link KeyCache}).
 */
public final class HouseholdStore implements ApiKeys {
    private static final Duration CACHE_TTL = Duration.ofMinutes(1);
    private static final int CACHE_ENTRIES = 10_000;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, name, key_prefix, tokens_per_minute, max_concurrent, max_kv_blocks,"
            + " weight, created_at";

    private final DataSource dataSource;
    private final SecureRandom random;
    private final Clock clock;
    private final KeyCache cache;

    /**
     * @param random where keys come from
     * @param clock  stamps {@code created_at} and ages the cache
     */
    public HouseholdStore(DataSource dataSource, SecureRandom random, Clock clock) {
        this.dataSource = dataSource;
        this.random = random;
        this.clock = clock;
        this.cache = new KeyCache(clock, CACHE_TTL, CACHE_ENTRIES);
    }

    /** Creates or upgrades the table; the control plane's households keep their own migration history. */
    public HouseholdStore migrate() {
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/households")
                .table("flyway_history_households")
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
        return this;
    }

    /**
     * Registers a household and issues its key.
     *
     * @return the household with its key: the only time the key is available
     * @throws IllegalArgumentException  when the name breaks {@link HouseholdName}'s rule
     * @throws HouseholdExistsException  when the name is taken
     */
    public IssuedKey create(String name, HouseholdQuota quota) {
        HouseholdName.requireValid(name);
        Household household = new Household(UUID.randomUUID().toString(), name, quota);
        String key = HouseholdKeys.generate(random);
        String sql = "INSERT INTO households (id, name, key_hash, key_prefix, tokens_per_minute, max_concurrent,"
                + " max_kv_blocks, weight, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, household.id());
            ps.setString(2, name);
            ps.setString(3, HouseholdKeys.hex(HouseholdKeys.sha256(key)));
            ps.setString(4, HouseholdKeys.displayPrefix(key));
            ps.setInt(5, quota.tokensPerMinute());
            ps.setInt(6, quota.maxConcurrent());
            ps.setInt(7, quota.maxKvBlocks());
            ps.setDouble(8, quota.weight());
            ps.setTimestamp(9, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("households_name_unique")) {
                throw new HouseholdExistsException(name);
            }
            throw unavailable("cannot register household '" + name + "'", e);
        } finally {
            // an earlier look-up of this very key (a lucky guess) must not stay cached as unknown
            cache.clear();
        }
        return new IssuedKey(household, key);
    }

    /**
     * Replaces the household's key with a new one; the old key stops working at once in this
     * process (and within a minute in others sharing the database).
     *
     * @return the household with its new key; empty when no household has that name
     */
    public Optional<IssuedKey> rotateKey(String name) {
        String key = HouseholdKeys.generate(random);
        String sql = "UPDATE households SET key_hash = ?, key_prefix = ? WHERE name = ? RETURNING " + COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, HouseholdKeys.hex(HouseholdKeys.sha256(key)));
            ps.setString(2, HouseholdKeys.displayPrefix(key));
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new IssuedKey(registered(rs).household(), key)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable("cannot replace the key of household '" + name + "'", e);
        } finally {
            cache.clear();
        }
    }

    /** Every household, oldest first. */
    public List<RegisteredHousehold> list() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM households ORDER BY created_at, name");
             ResultSet rs = ps.executeQuery()) {
            List<RegisteredHousehold> out = new ArrayList<>();
            while (rs.next()) {
                out.add(registered(rs));
            }
            return out;
        } catch (SQLException e) {
            throw unavailable("cannot list the households", e);
        }
    }

    public Optional<RegisteredHousehold> find(String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM households WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(registered(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable("cannot read household '" + name + "'", e);
        }
    }

    /**
     * @throws HouseholdStoreException when the database cannot be asked (the gateway answers 503)
     */
    @Override
    public Optional<Household> authenticate(String presentedKey) {
        if (!HouseholdKeys.wellFormed(presentedKey)) {
            return Optional.empty();
        }
        // Keyed by the hash, never the key, so the cache holds nothing a heap dump could replay.
        // Looking up a hash in a map is not a timing risk: learning about the hash of a guess
        // teaches nothing about any real key.
        byte[] hash = HouseholdKeys.sha256(presentedKey);
        return cache.get(HouseholdKeys.hex(hash), h -> load(HouseholdKeys.displayPrefix(presentedKey), hash));
    }

    private Optional<Household> load(String prefix, byte[] hash) {
        String sql = "SELECT key_hash, " + COLUMNS + " FROM households WHERE key_prefix = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, prefix);
            Household match = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // every candidate is compared, in constant time, whether or not one matched already
                    if (MessageDigest.isEqual(HouseholdKeys.unhex(rs.getString("key_hash")), hash)) {
                        match = registered(rs).household();
                    }
                }
            }
            return Optional.ofNullable(match);
        } catch (SQLException e) {
            throw unavailable("cannot check an API key", e);
        }
    }

    private static RegisteredHousehold registered(ResultSet rs) throws SQLException {
        HouseholdQuota quota = new HouseholdQuota(rs.getInt("tokens_per_minute"), rs.getInt("max_concurrent"),
                rs.getInt("max_kv_blocks"), rs.getDouble("weight"));
        return new RegisteredHousehold(new Household(rs.getString("id"), rs.getString("name"), quota),
                rs.getString("key_prefix"), rs.getTimestamp("created_at").toInstant());
    }

    private static HouseholdStoreException unavailable(String what, SQLException e) {
        return new HouseholdStoreException(what + ": " + e.getMessage(), e);
    }
}

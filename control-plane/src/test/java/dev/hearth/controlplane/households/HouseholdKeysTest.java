package dev.hearth.controlplane.households;

import dev.hearth.node.gateway.Household;
import dev.hearth.node.households.HouseholdQuota;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HouseholdKeysTest {

    @Test
    void keysAreLongRandomAndUrlSafe() {
        SecureRandom random = new SecureRandom();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = HouseholdKeys.generate(random);
            assertThat(key).matches("hh-[A-Za-z0-9_-]{43}");
            assertThat(HouseholdKeys.wellFormed(key)).isTrue();
            keys.add(key);
        }
        assertThat(keys).hasSize(100);
        assertThat(HouseholdKeys.wellFormed(null)).isFalse();
        assertThat(HouseholdKeys.wellFormed("hh-short")).isFalse();
        assertThat(HouseholdKeys.wellFormed("sk-" + "a".repeat(43))).isFalse();
        assertThat(HouseholdKeys.wellFormed("hh-" + "a".repeat(42) + "=")).isFalse();
    }

    @Test
    void theHashIsSha256InHexAndThePrefixEightCharacters() {
        // SHA-256("abc"), the FIPS 180-2 test vector
        assertThat(HouseholdKeys.hex(HouseholdKeys.sha256("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(HouseholdKeys.unhex("ba78")).containsExactly(0xba, 0x78);
        assertThat(HouseholdKeys.displayPrefix("hh-abcdefgh")).isEqualTo("hh-abcde");
    }

    @Test
    void theCacheAnswersUntilItExpiresOrIsCleared() {
        ClockDouble clock = new ClockDouble();
        KeyCache cache = new KeyCache(clock, Duration.ofMinutes(1), 100);
        AtomicInteger loads = new AtomicInteger();
        Household oak = new Household("hh-oak", "oak", HouseholdQuota.standard());

        assertThat(cache.get("h1", h -> { loads.incrementAndGet(); return Optional.of(oak); })).contains(oak);
        assertThat(cache.get("h1", h -> { loads.incrementAndGet(); return Optional.empty(); })).contains(oak);
        assertThat(cache.get("h2", h -> { loads.incrementAndGet(); return Optional.empty(); })).isEmpty();
        assertThat(cache.get("h2", h -> { loads.incrementAndGet(); return Optional.of(oak); })).isEmpty();
        assertThat(loads).hasValue(2);

        clock.now = clock.now.plusSeconds(61);
        assertThat(cache.get("h1", h -> { loads.incrementAndGet(); return Optional.empty(); })).isEmpty();
        cache.clear();
        assertThat(cache.get("h1", h -> { loads.incrementAndGet(); return Optional.of(oak); })).contains(oak);
        assertThat(loads).hasValue(4);
    }

    @Test
    void anAnswerLoadedAcrossAClearIsNotKept() {
        KeyCache cache = new KeyCache(new ClockDouble(), Duration.ofMinutes(1), 100);
        cache.get("h1", h -> { cache.clear(); return Optional.empty(); });
        assertThat(cache.size()).isZero();
    }

    @Test
    void aFloodOfUnknownKeysDoesNotGrowTheCachePastItsBound() {
        KeyCache cache = new KeyCache(new ClockDouble(), Duration.ofMinutes(1), 10);
        for (int i = 0; i < 1_000; i++) {
            cache.get("h" + i, h -> Optional.empty());
        }
        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    /** Test double of {@link Clock} that a test moves by hand. */
    private static final class ClockDouble extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

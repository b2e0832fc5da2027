package dev.hearth.controlplane.households;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Household API keys: {@code hh-} and 32 random bytes in URL-safe base64 without padding (46
 * characters), kept only as their SHA-256.
 *
 * <p>A fast hash is the right one here: a slow password hash (bcrypt, Argon2) exists to make
 * guessing low-entropy human passwords expensive, but these keys carry 256 random bits, so nobody
 * can enumerate them whatever the hash costs, and a fast hash keeps each request's check cheap.
 */
final class HouseholdKeys {
    static final String PREFIX = "hh-";
    private static final int RANDOM_BYTES = 32;
    /** Characters of a key shown to operators: enough to tell keys apart, far too few to use one. */
    static final int DISPLAY_PREFIX = 8;
    private static final Pattern WELL_FORMED = Pattern.compile("hh-[A-Za-z0-9_-]{43}");

    private HouseholdKeys() {
    }

    static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code key} could be a key at all; anything else is refused without a look-up. */
    static boolean wellFormed(String key) {
        return key != null && key.length() == PREFIX.length() + 43 && WELL_FORMED.matcher(key).matches();
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String displayPrefix(String key) {
        return key.substring(0, DISPLAY_PREFIX);
    }
}

package dev.hearth.remediation.kubernetes;

import java.util.regex.Pattern;

/**
 * Kubernetes label values (also the rule for taint values): at most 63 characters, alphanumerics with
 * {@code - _ .} inside, starting and ending with an alphanumeric, or empty.
 */
final class LabelValues {
    static final int MAX_LENGTH = 63;
    private static final Pattern VALID = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern INVALID_CHARS = Pattern.compile("[^-A-Za-z0-9_.]+");
    private static final Pattern NON_ALNUM_EDGES = Pattern.compile("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$");

    private LabelValues() {
    }

    static boolean isValid(String value) {
        return value.length() <= MAX_LENGTH && VALID.matcher(value).matches();
    }

    /**
     * A valid label value that stays readable: runs of other characters become one {@code -}, the edges
     * are trimmed and the result cut to 63 characters; {@code fallback} when nothing is left.
     */
    static String sanitise(String raw, String fallback) {
        if (raw == null) {
            return fallback;
        }
        String value = NON_ALNUM_EDGES.matcher(INVALID_CHARS.matcher(raw).replaceAll("-")).replaceAll("");
        if (value.length() > MAX_LENGTH) {
            value = NON_ALNUM_EDGES.matcher(value.substring(0, MAX_LENGTH)).replaceAll("");
        }
        return value.isEmpty() ? fallback : value;
    }
}

package dev.hearth.collector.openmetrics;

import java.util.Locale;

/**
 * The number grammar both formats share. It is checked by hand rather than handed to
 * {@link Double#parseDouble}, which would also take Java-only spellings ({@code 1d}, {@code 0x1p3},
 * {@code Infinity} without sign rules) that no exporter means.
 */
final class Numbers {
    private Numbers() {
    }

    /**
     * OpenMetrics' {@code realnumber}: an optional sign, digits with an optional decimal point (at least
     * one digit on either side) and an optional exponent, e.g. {@code 1}, {@code -2.5}, {@code .5},
     * {@code 7.}, {@code 1.5e3}.
     */
    static boolean isRealNumber(String token) {
        int n = token.length();
        int i = 0;
        if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
            i++;
        }
        int integerDigits = countDigits(token, i);
        i += integerDigits;
        int fractionDigits = 0;
        if (i < n && token.charAt(i) == '.') {
            i++;
            fractionDigits = countDigits(token, i);
            i += fractionDigits;
        }
        if (integerDigits == 0 && fractionDigits == 0) {
            return false;
        }
        if (i < n && (token.charAt(i) == 'e' || token.charAt(i) == 'E')) {
            i++;
            if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = countDigits(token, i);
            if (exponentDigits == 0) {
                return false;
            }
            i += exponentDigits;
        }
        return i == n;
    }

    /**
     * A sample value: a real number, {@code [+-]inf} or {@code [+-]infinity}, or {@code nan}, the words in
     * any case (as both OpenMetrics and Go's float parser read them).
     *
     * @return the value, or null when the token is not a number
     */
    static Double parseValue(String token) {
        if (isRealNumber(token)) {
            return Double.parseDouble(token);
        }
        if (token.length() > 9) { // longer than "-infinity": no need to lower-case a long token
            return null;
        }
        String word = token.toLowerCase(Locale.ROOT);
        if (word.equals("nan")) {
            return Double.NaN;
        }
        boolean negative = word.startsWith("-");
        if (negative || word.startsWith("+")) {
            word = word.substring(1);
        }
        if (word.equals("inf") || word.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return null;
    }

    /** A real number as a double, or null when the token is not one (no infinities, no NaN). */
    static Double parseReal(String token) {
        return isRealNumber(token) ? Double.parseDouble(token) : null;
    }

    /** 0.0.4 timestamps: a signed 64-bit count of milliseconds; null when the token is not one. */
    static Long parseMillis(String token) {
        int start = token.startsWith("-") || token.startsWith("+") ? 1 : 0;
        if (token.length() == start || countDigits(token, start) != token.length() - start) {
            return null;
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException outOfRange) {
            return null;
        }
    }

    private static int countDigits(String token, int from) {
        int i = from;
        while (i < token.length() && token.charAt(i) >= '0' && token.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }
}

package dev.hearth.collector.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the {@code timescaledb.*} storage options from SQL, the one part of the TimescaleDB layout's
 * migrations that plain PostgreSQL rejects outright ("unrecognized parameter namespace"): an
 * {@code ALTER TABLE ... SET (timescaledb...)} statement as a whole, and {@code WITH (timescaledb...)}
 * on a materialized view. Everything removed is listed, so a test can pin exactly what it was.
 */
record TimescaleOptions(String sql, List<String> removed) {
    private static final Pattern ALTER_SET = Pattern.compile(
            "ALTER\\s+TABLE\\s+\\w+\\s+SET\\s*\\(\\s*timescaledb\\.[^;]*?\\)\\s*;", Pattern.CASE_INSENSITIVE);
    private static final Pattern WITH = Pattern.compile(
            "\\s*WITH\\s*\\(\\s*timescaledb\\.[^)]*\\)", Pattern.CASE_INSENSITIVE);

    static TimescaleOptions strip(String sql) {
        List<String> removed = new ArrayList<>();
        String withoutAlter = remove(ALTER_SET, sql, removed);
        return new TimescaleOptions(remove(WITH, withoutAlter, removed), List.copyOf(removed));
    }

    private static String remove(Pattern pattern, String sql, List<String> removed) {
        Matcher m = pattern.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            removed.add(m.group().strip().replaceAll("\\s+", " "));
            m.appendReplacement(out, "");
        }
        m.appendTail(out);
        return out.toString();
    }
}

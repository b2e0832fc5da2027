package dev.hearth.collector.store;

import dev.hearth.model.Sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The native layout's day partitions of {@code samples} (named {@code samples_pYYYYMMDD} by the
 * migration's {@code collector_ensure_day_partition}). Days known to exist are cached so that an
 * append asks the database only when a batch reaches a new day; partitions are created and committed
 * before the samples' transaction, so the cache never holds a day that was rolled back.
 */
final class DayPartitions {
    private static final Pattern NAME = Pattern.compile("samples_p(\\d{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final long SECONDS_PER_DAY = 86_400;
    /** Advisory lock held while partitions are created: "hearth:p" as a number, unlikely to clash. */
    private static final long LOCK_KEY = 0x6865_6172_7468_3a70L;

    private final Set<Long> known = ConcurrentHashMap.newKeySet();

    /** Creates the partitions of the days {@code samples} fall on; the connection must be in auto-commit. */
    void ensureFor(Connection connection, List<Sample> samples) throws SQLException {
        Set<Long> days = new TreeSet<>();
        long last = Long.MIN_VALUE;
        for (Sample sample : samples) {
            long day = Math.floorDiv(sample.time().getEpochSecond(), SECONDS_PER_DAY);
            if (day != last) { // batches are mostly one day: skip the set for runs of it
                days.add(day);
                last = day;
            }
        }
        ensure(connection, days);
    }

    void ensure(Connection connection, Set<Long> epochDays) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (long day : epochDays) {
            if (!known.contains(day)) {
                missing.add(LocalDate.ofEpochDay(day).toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        // two appenders reaching a new day together would both see no partition and both create it; the
        // lock makes the second wait and then find it
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)");
             PreparedStatement ensure = connection.prepareStatement(
                     "SELECT collector_ensure_day_partition(d) FROM unnest(?::date[]) AS d")) {
            lock.setLong(1, LOCK_KEY);
            lock.execute();
            ensure.setArray(1, connection.createArrayOf("text", missing.toArray()));
            ensure.execute();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        for (String day : missing) {
            known.add(LocalDate.parse(day).toEpochDay());
        }
    }

    /** Forgets every cached day, e.g. after a failed append, whose cause may be a partition dropped elsewhere. */
    void forget() {
        known.clear();
    }

    /**
     * Drops the partitions whose whole day is before {@code cutoff}, in the caller's transaction; a day
     * the cutoff falls inside is kept whole. Returns the dropped tables' names, oldest first.
     */
    List<String> dropBefore(Connection connection, Instant cutoff) throws SQLException {
        TreeMap<LocalDate, String> old = new TreeMap<>();
        try (PreparedStatement list = connection.prepareStatement("SELECT c.relname FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'samples'::regclass");
             ResultSet rows = list.executeQuery()) {
            while (rows.next()) {
                String name = rows.getString(1);
                Matcher m = NAME.matcher(name);
                if (m.matches()) { // partitions added by hand under other names are not this code's to drop
                    LocalDate day = LocalDate.parse(m.group(1), DAY);
                    if (!day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
                        old.put(day, name);
                    }
                }
            }
        }
        try (var drop = connection.createStatement()) {
            for (var partition : old.entrySet()) {
                drop.execute("DROP TABLE " + partition.getValue());
                known.remove(partition.getKey().toEpochDay());
            }
        }
        return List.copyOf(old.values());
    }
}

package dev.hearth.rules.fleet;

import dev.hearth.model.Sample;
import dev.hearth.rules.facts.SeriesWindow;
import dev.hearth.rules.facts.SourceHealth;
import dev.hearth.rules.facts.ThrottleSpell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Facts summarising one series' samples as of an instant: windows, throttle spells, source health. */
final class SeriesFacts {
    private SeriesFacts() {
    }

    /**
     * The window over {@code [at - window, at]}, counting the last sample at or before its start.
     *
     * @param series one series' samples up to {@code at}, oldest first, none older than the window start minus
     *               the staleness
     */
    static Optional<SeriesWindow> window(List<Sample> series, WindowSpec spec, Instant at, long stalenessMillis) {
        long now = at.toEpochMilli();
        long start = now - spec.window().toMillis();
        int from = -1;
        for (int i = 0; i < series.size(); i++) {
            if (series.get(i).time().toEpochMilli() <= start) {
                from = i;
            }
        }
        boolean covered = from >= 0 && series.get(from).time().toEpochMilli() >= start - stalenessMillis;
        // an anchor older than the slack says nothing about the window's start: count from the next sample
        int first = covered ? from : from + 1;
        if (first >= series.size()) {
            return Optional.empty();
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = first; i < series.size(); i++) {
            double v = series.get(i).value();
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        Sample oldest = series.get(first);
        Sample newest = series.get(series.size() - 1);
        boolean fresh = newest.time().toEpochMilli() >= now - stalenessMillis;
        int count = series.size() - first;
        return Optional.of(new SeriesWindow(newest.node(), newest.metric(), seriesKey(newest), newest.labels(),
                spec.window().toSeconds(), min, max, sum / count, oldest.value(), newest.value(), count,
                oldest.time().toEpochMilli(), newest.time().toEpochMilli(), covered && fresh));
    }

    /** Stretches of consecutive samples at 1 in a 0/1 throttle series, oldest first. */
    static List<ThrottleSpell> spells(List<Sample> series, Instant at, long stalenessMillis) {
        List<ThrottleSpell> spells = new ArrayList<>();
        Sample start = null;
        Sample end = null;
        for (Sample s : series) {
            if (s.value() >= 0.5) {
                start = start == null ? s : start;
                end = s;
            } else if (start != null) {
                spells.add(spell(start, end, false));
                start = null;
            }
        }
        if (start != null) {
            boolean fresh = end.time().toEpochMilli() >= at.toEpochMilli() - stalenessMillis;
            spells.add(spell(start, end, fresh));
        }
        return spells;
    }

    private static ThrottleSpell spell(Sample start, Sample end, boolean ongoing) {
        return new ThrottleSpell(end.node(), end.label("reason"), start.time().toEpochMilli(),
                end.time().toEpochMilli(), ongoing, start == end ? List.of(start) : List.of(start, end));
    }

    /** Source health from one {@code hearth_scrape_up} series, oldest first and not empty. */
    static SourceHealth sourceHealth(List<Sample> series, Instant at, long stalenessMillis) {
        Sample newest = series.get(series.size() - 1);
        boolean up = newest.value() >= 0.5;
        boolean fresh = newest.time().toEpochMilli() >= at.toEpochMilli() - stalenessMillis;
        if (up) {
            return new SourceHealth(newest.node(), newest.label("source"), true, fresh, 0,
                    newest.time().toEpochMilli(), List.of(newest));
        }
        Sample firstDown = newest;
        for (int i = series.size() - 1; i >= 0 && series.get(i).value() < 0.5; i--) {
            firstDown = series.get(i);
        }
        long downSeconds = Math.max(0, (at.toEpochMilli() - firstDown.time().toEpochMilli()) / 1000);
        return new SourceHealth(newest.node(), newest.label("source"), false, fresh, downSeconds,
                firstDown.time().toEpochMilli(), firstDown == newest ? List.of(newest) : List.of(firstDown, newest));
    }

    static String seriesKey(Sample s) {
        return s.node() + "/" + s.metric() + s.labels();
    }
}

package dev.hearth.collector.store;

import dev.hearth.model.Sample;

import java.util.Map;
import java.util.TreeMap;

/**
 * A series as the database keys it: U+0000 already replaced, labels sorted. Equal label maps make equal
 * keys whatever their class, so a sample's own (sorted) label map is used as it is.
 */
record SeriesKey(String node, String metric, Map<String, String> labels) {

    static SeriesKey of(Sample sample) {
        Map<String, String> labels = sample.labels();
        if (hasNul(labels)) {
            Map<String, String> clean = new TreeMap<>();
            labels.forEach((name, value) -> clean.put(name, withoutNul(value)));
            labels = clean;
        }
        return new SeriesKey(withoutNul(sample.node()), sample.metric(), labels);
    }

    /**
     * PostgreSQL text and jsonb cannot hold U+0000, so one such character would fail the whole batch
     * again on every retry; it becomes U+FFFD (the replacement character) instead. Metric and label
     * names cannot hold it: {@link Sample} accepts only Prometheus names.
     */
    static String withoutNul(String text) {
        return text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    private static boolean hasNul(Map<String, String> labels) {
        for (String value : labels.values()) {
            if (value.indexOf('\u0000') >= 0) {
                return true;
            }
        }
        return false;
    }
}

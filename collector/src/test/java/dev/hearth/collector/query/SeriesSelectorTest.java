package dev.hearth.collector.query;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Selector validation and the way selectors read in messages. */
class SeriesSelectorTest {
    @Test
    void readsLikePromQLInMessages() {
        SeriesSelector selector = SeriesSelector.metric("hearth_bmc_temperature_celsius")
                .with("sensor", "say \"hi\" \\ ü").with("physical_context", "").onNode("n1");

        assertThat(selector).hasToString(
                "hearth_bmc_temperature_celsius{physical_context=\"\", sensor=\"say \\\"hi\\\" \\\\ ü\"} on node n1");
        assertThat(selector.required()).containsExactly(Map.entry("sensor", "say \"hi\" \\ ü"));
        assertThat(selector.absent()).containsExactly("physical_context");
    }

    @Test
    void anEmptyOrInvalidMetricNameIsRefusedWithTheFix() {
        assertThatThrownBy(() -> SeriesSelector.metric(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric name '' is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*); "
                        + "pass the stored name, e.g. hearth_bmc_temperature_celsius");
        assertThatThrownBy(() -> SeriesSelector.metric("hearth-up"))
                .hasMessageStartingWith("metric name 'hearth-up' is not a Prometheus metric name");
    }

    @Test
    void badLabelNamesEmptyNodesAndNulCharactersAreRefused() {
        SeriesSelector up = SeriesSelector.metric("hearth_scrape_up");

        assertThatThrownBy(() -> up.with("1st", "x"))
                .hasMessage("label name '1st' in selector of hearth_scrape_up is not a Prometheus label name "
                        + "([a-zA-Z_][a-zA-Z0-9_]*)");
        assertThatThrownBy(() -> up.onNode(""))
                .hasMessage("node of selector hearth_scrape_up is empty; pass a node name, or leave the node out "
                        + "to read every node");
        assertThatThrownBy(() -> up.with("source", "b\u0000mc"))
                .hasMessage("value of label source in selector of hearth_scrape_up contains U+0000, which the "
                        + "store never holds (it writes U+FFFD instead); use U+FFFD");
        assertThatThrownBy(() -> new SeriesSelector("hearth_scrape_up", Optional.empty(),
                new TreeMap<>(Collections.singletonMap("source", null))))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("value of label source in selector of hearth_scrape_up (use \"\" for an absent label)");
    }

    @Test
    void groupingRefusesTheBucketLabel() {
        assertThatThrownBy(() -> Grouping.byLabels("le"))
                .hasMessage("cannot group by label 'le': it is the bucket bound that the quantile is taken "
                        + "across; leave it out");
    }
}

package dev.hearth.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricCatalogueTest {

    @Test
    void everyNameAppearsOnce() {
        List<String> names = MetricCatalogue.all().stream().map(MetricSpec::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        List<String> exposed = MetricCatalogue.all().stream().flatMap(s -> s.exposedNames().stream()).toList();
        assertThat(exposed).doesNotHaveDuplicates();
    }

    @Test
    void namesFollowPrometheusConventions() {
        for (MetricSpec spec : MetricCatalogue.all()) {
            assertThat(spec.name()).matches("hearth_[a-z0-9_]+");
            assertThat(spec.help()).isNotBlank();
        }
    }

    @Test
    void meterNamesLeaveTheSuffixesToMicrometer() {
        assertThat(MetricCatalogue.GATEWAY_REQUESTS.meterName()).isEqualTo("hearth_gateway_requests");
        assertThat(MetricCatalogue.GATEWAY_REQUEST_DURATION.meterName()).isEqualTo("hearth_gateway_request_duration");
        assertThat(MetricCatalogue.BMC_TEMPERATURE.meterName()).isEqualTo("hearth_bmc_temperature_celsius");
    }

    @Test
    void exposedSeriesMapBackToTheirSpec() {
        assertThat(MetricCatalogue.byExposedName("hearth_gateway_request_duration_seconds_bucket"))
                .contains(MetricCatalogue.GATEWAY_REQUEST_DURATION);
        assertThat(MetricCatalogue.byExposedName("hearth_gateway_requests_total")).contains(MetricCatalogue.GATEWAY_REQUESTS);
        assertThat(MetricCatalogue.byExposedName("hearth_gateway_requests")).isEmpty();
    }

    @Test
    void specsRefuseNamesAgainstTheConventions() {
        assertThatThrownBy(() -> new MetricSpec("gpu_temp", MetricType.GAUGE, List.of(), "x"))
                .hasMessageContaining("hearth_ prefix");
        assertThatThrownBy(() -> new MetricSpec("hearth_requests", MetricType.COUNTER, List.of(), "x"))
                .hasMessageContaining("must end in _total");
        assertThatThrownBy(() -> new MetricSpec("hearth_latency_ms", MetricType.HISTOGRAM, List.of(), "x"))
                .hasMessageContaining("seconds");
    }
}

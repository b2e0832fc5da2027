package dev.hearth.node.households;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HouseholdQuotaTest {

    @Test
    void theStandardQuotaIsAnOrdinaryHouseholds() {
        assertThat(HouseholdQuota.standard()).isEqualTo(new HouseholdQuota(20_000, 4, 256, 1.0));
    }

    @Test
    void everyLimitMustBePositiveAndBoundedNamingTheValue() {
        assertThatThrownBy(() -> new HouseholdQuota(0, 4, 256, 1.0))
                .hasMessage("a household's tokens per minute must be from 1 to 10000000, got 0");
        assertThatThrownBy(() -> new HouseholdQuota(20_000, 0, 256, 1.0))
                .hasMessageContaining("concurrent requests").hasMessageContaining("got 0");
        assertThatThrownBy(() -> new HouseholdQuota(20_000, 4, 2_000_000, 1.0))
                .hasMessageContaining("KV blocks").hasMessageContaining("got 2000000");
        assertThatThrownBy(() -> new HouseholdQuota(20_000, 4, 256, 0))
                .hasMessageContaining("weight must be above 0 and at most 100, got 0.0");
        assertThatThrownBy(() -> new HouseholdQuota(20_000, 4, 256, Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new HouseholdQuota(20_000, 4, 256, 100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HouseholdQuota(1, 1, 1, 100).weight()).isEqualTo(100.0);
    }
}

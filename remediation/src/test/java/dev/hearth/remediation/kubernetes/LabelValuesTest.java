package dev.hearth.remediation.kubernetes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LabelValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gpu-overheat|gpu-overheat",
            "gpu_xid.79|gpu_xid.79",
            "Xid 79: GPU fell off the bus!|Xid-79-GPU-fell-off-the-bus",
            "-leading and trailing-|leading-and-trailing",
            "température élevée|temp-rature-lev-e",
            "'***'|unspecified",
    })
    void sanitisedValuesAreValidAndReadable(String raw, String expected) {
        String value = LabelValues.sanitise(raw, "unspecified");

        assertThat(value).isEqualTo(expected);
        assertThat(LabelValues.isValid(value)).isTrue();
    }

    @Test
    void longValuesAreCutTo63CharactersEndingInAnAlphanumeric() {
        String raw = "a".repeat(62) + "-bcd";

        String value = LabelValues.sanitise(raw, "unspecified");

        assertThat(value).isEqualTo("a".repeat(62));
        assertThat(LabelValues.isValid(value)).isTrue();
    }

    @Test
    void missingValueBecomesTheFallback() {
        assertThat(LabelValues.sanitise(null, "unspecified")).isEqualTo("unspecified");
    }

    @Test
    void validityFollowsKubernetesRules() {
        assertThat(LabelValues.isValid("")).isTrue();
        assertThat(LabelValues.isValid("node-7")).isTrue();
        assertThat(LabelValues.isValid("node-7-")).isFalse();
        assertThat(LabelValues.isValid("node 7")).isFalse();
        assertThat(LabelValues.isValid("n".repeat(64))).isFalse();
    }
}

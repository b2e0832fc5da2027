package dev.hearth.remediation.tickets;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ofSeconds(1));

        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(5)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void unboundedOrNonsensicalPoliciesAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("maxAttempts 0 is outside 1..20");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("attemptTimeout must be positive");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxBackoff PT1S is shorter than firstBackoff PT2S");
    }
}

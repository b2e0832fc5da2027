package dev.hearth.remediation.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.remediation.tickets.LoopbackWebhook.Answer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookNotifierTest {
    private static final RetryPolicy THREE_QUICK = new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofMillis(100),
            Duration.ofSeconds(1));
    private final ObjectMapper json = Tickets.json();
    private final RecordingPauseDouble pause = new RecordingPauseDouble();

    @Test
    void postsTheTicketAsJson() throws Exception {
        try (LoopbackWebhook hook = new LoopbackWebhook()) {
            DeliveryReport report = new WebhookNotifier(hook.url(), THREE_QUICK, json, pause)
                    .deliver(Tickets.ticket(41, "node-3", "gpu-xid"));

            assertThat(report).isEqualTo(DeliveryReport.delivered(1));
            assertThat(hook.bodies()).hasSize(1);
            JsonNode body = json.readTree(hook.bodies().get(0));
            assertThat(body.get("id").asLong()).isEqualTo(41);
            assertThat(body.get("node").asText()).isEqualTo("node-3");
            assertThat(body.get("work").asText()).isEqualTo("repair");
            assertThat(body.get("faultKind").asText()).isEqualTo("gpu-xid");
            assertThat(body.get("severity").asText()).isEqualTo("CRITICAL");
            assertThat(body.get("openedAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
            assertThat(body.get("state").asText()).isEqualTo("open");
            assertThat(body.get("summary").asText()).isEqualTo("Xid 79 three times in 10 min on GPU0");
            assertThat(body.get("evidence").get(0).get("metric").asText()).isEqualTo("hearth_gpu_xid_errors_total");
            assertThat(body.get("evidence").get(0).get("labels").get("xid").asText()).isEqualTo("79");
            assertThat(pause.pauses()).isEmpty();
        }
    }

    @Test
    void aWebhookThatFailsTwiceIsRetriedWithGrowingPausesUntilItTakesTheTicket() throws Exception {
        try (LoopbackWebhook hook = new LoopbackWebhook().answering(Answer.UNAVAILABLE, Answer.UNAVAILABLE)) {
            DeliveryReport report = new WebhookNotifier(hook.url(), THREE_QUICK, json, pause)
                    .deliver(Tickets.ticket(42, "node-3", "gpu-xid"));

            assertThat(report).isEqualTo(DeliveryReport.delivered(3));
            assertThat(hook.bodies()).hasSize(3).allSatisfy(b -> assertThat(b).isEqualTo(hook.bodies().get(0)));
            assertThat(pause.pauses()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        }
    }

    @Test
    void aWebhookThatNeverAnswersTimesOutAfterEveryAttempt() throws Exception {
        RetryPolicy twoShort = new RetryPolicy(2, Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofMillis(50));
        try (LoopbackWebhook hook = new LoopbackWebhook().answering(Answer.HANG, Answer.HANG)) {
            DeliveryReport report = new WebhookNotifier(hook.url(), twoShort, json, pause)
                    .deliver(Tickets.ticket(43, "node-3", "gpu-xid"));

            assertThat(report.delivered()).isFalse();
            assertThat(report.attempts()).isEqualTo(2);
            assertThat(report.error()).isEqualTo("no answer from " + hook.url() + " within 300 ms");
            assertThat(pause.pauses()).containsExactly(Duration.ofMillis(50));
        }
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        try (LoopbackWebhook hook = new LoopbackWebhook().answering(Answer.NOT_FOUND)) {
            DeliveryReport report = new WebhookNotifier(hook.url(), THREE_QUICK, json, pause)
                    .deliver(Tickets.ticket(44, "node-3", "gpu-xid"));

            assertThat(report.delivered()).isFalse();
            assertThat(report.attempts()).isEqualTo(1);
            assertThat(report.error()).startsWith("HTTP 404 from " + hook.url() + ": no such hook")
                    .contains("check the ticket webhook URL");
            assertThat(hook.bodies()).hasSize(1);
        }
    }

    @Test
    void anUnreachableWebhookFailsAfterTheLastAttempt() throws Exception {
        URI closed;
        try (LoopbackWebhook hook = new LoopbackWebhook()) {
            closed = hook.url();
        }

        DeliveryReport report = new WebhookNotifier(closed, THREE_QUICK, json, pause)
                .deliver(Tickets.ticket(45, "node-3", "gpu-xid"));

        assertThat(report.delivered()).isFalse();
        assertThat(report.attempts()).isEqualTo(3);
        assertThat(report.error()).startsWith("cannot reach " + closed);
        assertThat(pause.pauses()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedWithTheFix() {
        assertThatThrownBy(() -> new WebhookNotifier(URI.create("ftp://tickets.example/x"), THREE_QUICK, json, pause))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ftp://tickets.example/x' is not http(s)");
    }
}

package dev.hearth.collector.redfish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.CollectException;
import dev.hearth.collector.RedfishSource;
import dev.hearth.collector.Source;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Twenty BMCs polled four at a time, one of them hanging. */
class RedfishPollerIT {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final int BMCS = 20;
    private static final int CONCURRENCY = 4;
    private static final int HANGING = 7;
    private static final Duration WALK_TIMEOUT = Duration.ofSeconds(1);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aHangingBmcTimesOutAloneWhileTheOthersArePolledAtMostFourAtATime() {
        List<FixtureBmc> bmcs = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (RedfishPoller poller = new RedfishPoller(CONCURRENCY)) {
            for (int i = 0; i < BMCS; i++) {
                // slow enough that walks overlap, as real BMCs' do
                FixtureBmc bmc = FixtureBmc.testTree("redfish/gpu-node").delay(Duration.ofMillis(20));
                if (i == HANGING) {
                    bmc.hang(FixtureBmc.ROOT);
                }
                bmcs.add(bmc);
                RedfishSource source = new RedfishSource("node-" + i, bmc.serviceRoot(), http, json, RedfishAuth.none(),
                        new RedfishLimits(Duration.ofMillis(500), WALK_TIMEOUT, RedfishLimits.DEFAULT_MAX_BODY_BYTES, 100));
                sources.add(new Counted(source, now, most));
            }

            List<BmcPoll> polls = poller.poll(sources, AT);

            assertThat(polls).hasSize(BMCS);
            assertThat(most.get()).as("BMCs polled at once").isLessThanOrEqualTo(CONCURRENCY).isGreaterThan(1);
            BmcPoll hung = polls.get(HANGING);
            assertThat(hung.node()).isEqualTo("node-" + HANGING);
            assertThat(hung.ok()).isFalse();
            assertThat(hung.samples()).isEmpty();
            assertThat(hung.error()).hasValue("GET " + bmcs.get(HANGING).serviceRoot()
                    + " did not answer within the request timeout PT0.5S");
            assertThat(hung.took()).isLessThan(WALK_TIMEOUT.plusSeconds(2));
            for (int i = 0; i < BMCS; i++) {
                if (i != HANGING) {
                    BmcPoll poll = polls.get(i);
                    assertThat(poll.ok()).as(poll.node() + ": " + poll.error()).isTrue();
                    assertThat(poll.node()).isEqualTo("node-" + i);
                    assertThat(poll.samples()).extracting(Sample::metric)
                            .contains(RedfishMetrics.TEMPERATURE.name(), RedfishMetrics.HEALTH.name());
                }
            }
        } finally {
            bmcs.forEach(FixtureBmc::close);
        }
    }

    /** A source that counts how many sources are being collected at the same time. */
    private record Counted(Source inner, AtomicInteger now, AtomicInteger most) implements Source {
        @Override
        public String node() {
            return inner.node();
        }

        @Override
        public String kind() {
            return inner.kind();
        }

        @Override
        public List<Sample> collect(Instant at) throws CollectException {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                return inner.collect(at);
            } finally {
                now.decrementAndGet();
            }
        }
    }
}

package dev.hearth.controlplane.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.store.DataSources;
import dev.hearth.collector.store.PostgresMetricStore;
import dev.hearth.model.Sample;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hearth rules replay} over a history written to a real store: two nodes scraped every 5 s for
 * three minutes, node-2's GPU above 90 °C for the last minute and a half, and the gateway answering
 * 1,000 requests of which 10 failed.
 */
class RulesReplayCommandIT {
    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static TestDatabase db;

    @BeforeAll
    static void writeHistory() {
        db = TestDatabase.create();
        try (HikariDataSource ds = DataSources.pooled(db.url())) {
            PostgresMetricStore store = new PostgresMetricStore(ds);
            store.migrate();
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i <= 36; i++) {
                Instant t = T0.plusSeconds(5L * i);
                for (String node : List.of("node-1", "node-2")) {
                    Map<String, String> topology = Map.of("household", "h-" + node, "building", "b-1", "spine", "s-1");
                    for (String source : List.of("node", "bmc")) {
                        Map<String, String> labels = new java.util.HashMap<>(topology);
                        labels.put("source", source);
                        samples.add(new Sample(t, node, "hearth_scrape_up", labels, 1));
                    }
                    Map<String, String> gpu = new java.util.HashMap<>(topology);
                    gpu.put("physical_context", "GPU");
                    gpu.put("sensor", "GPU0 Temp");
                    double celsius = node.equals("node-2") && i >= 18 ? 94 : 60;
                    samples.add(new Sample(t, node, "hearth_bmc_temperature_celsius", gpu, celsius));
                }
                samples.add(new Sample(t, "gateway", "hearth_gateway_requests_total", Map.of("outcome", "ok"),
                        1000 + 990.0 * i / 36));
                samples.add(new Sample(t, "gateway", "hearth_gateway_requests_total", Map.of("outcome", "failed"),
                        5 + 10.0 * i / 36));
            }
            store.append(SampleBatch.of(samples));
        }
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void reportsWhatTheRulesWouldHaveDoneOverTheSpan() {
        CliRun run = CliRun.of("rules", "replay", "--db", db.url(), "--from", T0.toString(),
                "--to", T0.plusSeconds(180).toString(), "--step", "5s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String out = run.out();
        assertThat(out).contains("replayed 2026-05-04T10:00:00Z .. 2026-05-04T10:03:00Z: 37 evaluations every PT5S");
        // a 1 % failure rate burns the budget 20 times too fast: over every window the history covers
        assertThat(out).contains("findings: 4 opened");
        assertThat(out).containsPattern("fleet\\s+slo-availability-fast-burn — Page on a fast error-budget burn "
                + "\\(notify\\)");
        assertThat(out).containsPattern("fleet\\s+slo-availability-sustained-burn — Page on a sustained "
                + "error-budget burn \\(notify\\)");
        assertThat(out).containsPattern("fleet\\s+slo-availability-slow-burn — Open a ticket on a slow "
                + "error-budget burn \\(notify\\)");
        // hot from 10:01:30 on; the 30 s window holds at 10:02:00 and is dated from its first hot reading
        assertThat(out).containsPattern("2026-05-04T10:01:30Z  CRITICAL  node-2\\s+gpu-overheat — Isolate a GPU over "
                + "temperature for 30 s \\(isolate\\)");
        assertThat(out).contains("actions it would have suggested: {isolate=1, notify=3}");
        assertThat(out).contains("nodes affected: fleet, node-2");
        // 990 ok and 10 failed over the span: 1 % bad against an allowed 0.05 %, for 3 of the 43,200 minutes
        // of 30 days: 20 × 3 / 43,200 = 0.1389 % of the budget
        assertThat(out).contains("error budget (availability, objective 99.95 %): 1.000 % of 1,000 requests bad, "
                + "burn rate 20.00x, 0.1389 % of a 30-day budget");
    }

    @Test
    void refusesAnEmptySpanAndAMissingStore() {
        CliRun backwards = CliRun.of("rules", "replay", "--db", db.url(), "--from", T0.toString(),
                "--to", T0.minusSeconds(1).toString());
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).contains("is not before --to");

        CliRun garbled = CliRun.of("rules", "replay", "--db", db.url(), "--from", "yesterday");
        assertThat(garbled.exitCode()).isEqualTo(2);
        assertThat(garbled.err()).contains("--from 'yesterday' is neither an instant");

        CliRun nothing = CliRun.of("rules", "replay", "--data-dir", "/nonexistent/hearth", "--from", "1h");
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("no embedded store under /nonexistent/hearth");
    }
}

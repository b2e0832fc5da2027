package dev.hearth.rules;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresFiringLogIT {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static TestDatabase db;
    private static HikariDataSource ds;
    private static PostgresFiringLog log;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(2);
        log = new PostgresFiringLog(ds).migrate();
    }

    @AfterAll
    static void stop() {
        ds.close();
        db.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE rule_firings");
        }
    }

    private static Firing firing(Instant at, String rule, FiringOutcome outcome, String node, String kind) {
        return new Firing(at, rule, "rules", List.of("Reading[node=" + node + ", value=93.0]", "EvaluationTime[1]"),
                outcome == FiringOutcome.SHADOW, outcome, node, kind);
    }

    @Test
    void keepsEveryFieldNewestFirstAndFiltersByRule() {
        Firing hot = firing(T0, "GPU hot", FiringOutcome.ACTED, "node-2", "gpu-overheat");
        Firing trial = firing(T0, "Power trial", FiringOutcome.SHADOW, "node-3", null);
        Firing looped = new Firing(T0.plusSeconds(5), "Count forever", "bad", List.of(), false, FiringOutcome.LOOPED,
                null, null);
        log.append(new Evaluation(T0, List.of(), List.of(), List.of(hot, trial)));
        log.append(new Evaluation(T0.plusSeconds(5), List.of(), List.of(), List.of(looped)));

        assertThat(log.recent(10, Optional.empty())).containsExactly(looped, trial, hot);
        assertThat(log.recent(1, Optional.empty())).containsExactly(looped);
        assertThat(log.recent(10, Optional.of("GPU hot"))).containsExactly(hot);
        assertThat(log.recent(10, Optional.of("no such rule"))).isEmpty();
    }

    @Test
    void anEvaluationIsStoredWhollyOrNotAtAll() {
        Firing good = firing(T0, "GPU hot", FiringOutcome.ACTED, "node-2", "gpu-overheat");
        Firing nul = new Firing(T0, "Bad \u0000 name", "rules", List.of(), false, FiringOutcome.ACTED, null, null);
        assertThatThrownBy(() -> log.append(new Evaluation(T0, List.of(), List.of(), List.of(good, nul))))
                .hasMessageStartingWith("cannot store the rule firings of the evaluation at " + T0);
        assertThat(log.recent(10, Optional.empty())).isEmpty();
    }

    @Test
    void retentionDeletesOnlyOlderFirings() {
        log.append(new Evaluation(T0, List.of(), List.of(), List.of(firing(T0, "a", FiringOutcome.ACTED, "n", null))));
        log.append(new Evaluation(T0.plusSeconds(60), List.of(), List.of(),
                List.of(firing(T0.plusSeconds(60), "b", FiringOutcome.ACTED, "n", null))));
        assertThat(log.deleteBefore(T0.plusSeconds(60))).isEqualTo(1);
        assertThat(log.recent(10, Optional.empty())).extracting(Firing::rule).containsExactly("b");
    }

    @Test
    void migratingAgainKeepsTheLog() {
        log.append(new Evaluation(T0, List.of(), List.of(), List.of(firing(T0, "a", FiringOutcome.ACTED, "n", "k"))));
        log.migrate();
        assertThat(log.recent(10, Optional.empty())).hasSize(1);
    }
}

package dev.hearth.collector.store;

import dev.hearth.collector.store.LayoutDetector.TimescaleSupport;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The layout decision for every combination of recorded layout and what the server offers. */
class LayoutDetectorTest {
    private static final TimescaleSupport USABLE = new TimescaleSupport(true, "timescaledb 2.17.2 created in this database");
    private static final TimescaleSupport MISSING = new TimescaleSupport(false, "timescaledb extension not available on this server");

    @Test
    void aNewDatabaseGetsTimescaleWhenItCanBeCreatedAndDayPartitionsOtherwise() {
        assertThat(LayoutDetector.decide(Optional.empty(), USABLE))
                .isEqualTo(new LayoutChoice(StoreLayout.TIMESCALE, "timescaledb 2.17.2 created in this database"));
        assertThat(LayoutDetector.decide(Optional.empty(), MISSING).describe())
                .isEqualTo("metric store: native day partitions (timescaledb extension not available on this server)");
    }

    @Test
    void aDayPartitionedDatabaseStaysSoEvenWhenTimescaleAppears() {
        LayoutChoice choice = LayoutDetector.decide(Optional.of(StoreLayout.DAY_PARTITIONS), USABLE);

        assertThat(choice.layout()).isEqualTo(StoreLayout.DAY_PARTITIONS);
        assertThat(choice.reason()).isEqualTo("recorded in store_layout when this database was first migrated;"
                + " timescaledb is available, but a database keeps its layout: copy the samples into a new database"
                + " to switch");
        assertThat(LayoutDetector.decide(Optional.of(StoreLayout.DAY_PARTITIONS), MISSING).reason())
                .isEqualTo("recorded in store_layout when this database was first migrated");
    }

    @Test
    void aTimescaleDatabaseKeepsTimescaleOrIsRefused() {
        assertThat(LayoutDetector.decide(Optional.of(StoreLayout.TIMESCALE), USABLE).layout())
                .isEqualTo(StoreLayout.TIMESCALE);
        assertThatThrownBy(() -> LayoutDetector.decide(Optional.of(StoreLayout.TIMESCALE), MISSING))
                .isInstanceOf(StoreLayoutConflictException.class)
                .hasMessageContaining("has the TimescaleDB layout (recorded in store_layout), but timescaledb"
                        + " extension not available on this server; install TimescaleDB");
    }
}

package dev.hearth.controlplane.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hearth up --electricity-price P --currency C}: a bad value is a usage error before anything starts. */
class UpEnergyPriceOptionTest {

    @Test
    void aPriceThatIsNoNumberIsAUsageErrorNamingTheValue(@TempDir Path dir) {
        for (String bad : new String[] {"abc", "NaN"}) {
            CliRun run = up(dir, "--electricity-price", bad);

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).contains("--electricity-price '" + bad + "' is not a number")
                    .contains("e.g. --electricity-price 0.15");
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aNegativePriceIsAUsageError(@TempDir Path dir) {
        CliRun run = up(dir, "--electricity-price", "-0.1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--electricity-price '-0.1' is negative");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aCurrencyThatIsNotThreeCapitalsIsAUsageError(@TempDir Path dir) {
        CliRun run = up(dir, "--currency", "eur");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--currency 'eur' is not an ISO 4217 currency code")
                .contains("e.g. --currency USD");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void theHelpNamesBothOptionsAndTheirDefaults() {
        CliRun run = CliRun.of("up", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--electricity-price=PRICE").contains("(default: 0.15)")
                .contains("--currency=CODE").contains("(default: USD)");
    }

    private static CliRun up(Path dir, String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "up";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--data-dir";
        args[options.length + 2] = dir.resolve("data").toString();
        args[options.length + 3] = "--duration";
        args[options.length + 4] = "1s";
        return CliRun.of(args);
    }
}

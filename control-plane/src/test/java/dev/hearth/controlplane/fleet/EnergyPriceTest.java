package dev.hearth.controlplane.fleet;

import dev.hearth.model.MetricCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnergyPriceTest {

    @Test
    void theDefaultIsFifteenCentsAKilowattHour() {
        assertThat(EnergyPrice.DEFAULT).isEqualTo(new EnergyPrice(0.15, "USD"));
    }

    @Test
    void parsesPlainDecimals() {
        assertThat(EnergyPrice.parse("0.31", "EUR")).isEqualTo(new EnergyPrice(0.31, "EUR"));
        assertThat(EnergyPrice.parse(" 2.5e-1 ", "GBP")).isEqualTo(new EnergyPrice(0.25, "GBP"));
        assertThat(EnergyPrice.parse("0", "USD").perKwh()).isZero();
        assertThat(EnergyPrice.parse("-0", "USD").perKwh()).isEqualTo(0.0).isNotNegative();
    }

    @Test
    void aPriceThatIsNoNumberNamesTheValueAndTheFix() {
        for (String bad : new String[] {"abc", "NaN", "Infinity", "0x1p-3", "0.15d", "", "0,15"}) {
            assertThatThrownBy(() -> EnergyPrice.parse(bad, "USD")).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--electricity-price '" + bad + "' is not a number: give the price of one kWh as a"
                            + " decimal, e.g. --electricity-price 0.15");
        }
    }

    @Test
    void aNegativeOrHugePriceIsRefused() {
        assertThatThrownBy(() -> EnergyPrice.parse("-0.2", "USD")).hasMessage("--electricity-price '-0.2' is negative:"
                + " give the price of one kWh as 0 or more, e.g. --electricity-price 0.15");
        assertThatThrownBy(() -> EnergyPrice.parse("1e400", "USD")).hasMessageContaining("'1e400' is too large");
        assertThatThrownBy(() -> new EnergyPrice(Double.NaN, "USD")).hasMessageContaining("NaN is not a finite number");
        assertThatThrownBy(() -> new EnergyPrice(-1, "USD")).hasMessageContaining("-1.0 is negative");
    }

    @Test
    void theCurrencyMustBeThreeCapitalLetters() {
        for (String bad : new String[] {"usd", "US", "EURO", "€", "", "U5D"}) {
            assertThatThrownBy(() -> EnergyPrice.parse("0.15", bad)).as("'%s'", bad)
                    .hasMessage("--currency '" + bad + "' is not an ISO 4217 currency code: give three capital"
                            + " letters, e.g. --currency USD (or EUR, GBP)");
        }
        assertThatThrownBy(() -> new EnergyPrice(0.15, null)).hasMessageContaining("--currency 'null'");
    }

    @Test
    void isExposedAsAGaugeByCurrency() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new EnergyPrice(0.31, "EUR").register(registry);

        assertThat(registry.get(MetricCatalogue.ENERGY_PRICE.meterName()).tag("currency", "EUR").gauge().value())
                .isEqualTo(0.31);
    }
}

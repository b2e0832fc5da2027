package dev.hearth.controlplane.fleet;

import dev.hearth.model.MetricCatalogue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a kilowatt-hour of electricity costs the fleet, for the dashboards' cost panels
 * ({@code ./hearth up --electricity-price P --currency C}).
 *
 * @param perKwh   the price of one kWh, 0 or more
 * @param currency an ISO 4217 code: three capital letters, e.g. USD, EUR, GBP
 */
public record EnergyPrice(double perKwh, String currency) {
    // before DEFAULT: static fields initialise in order, and DEFAULT's constructor reads this one
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    public static final EnergyPrice DEFAULT = new EnergyPrice(0.15, "USD");

    public EnergyPrice {
        perKwh += 0.0; // -0.0 becomes 0.0: a price of "minus nothing" would read oddly on a dashboard
        if (!Double.isFinite(perKwh)) {
            throw new IllegalArgumentException("--electricity-price " + perKwh + " is not a finite number: give the"
                    + " price of one kWh, e.g. --electricity-price 0.15");
        }
        if (perKwh < 0) {
            throw new IllegalArgumentException("--electricity-price " + perKwh + " is negative: give the price of one"
                    + " kWh as 0 or more, e.g. --electricity-price 0.15");
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("--currency '" + currency + "' is not an ISO 4217 currency code: give"
                    + " three capital letters, e.g. --currency USD (or EUR, GBP)");
        }
    }

    /**
     * The price as typed on the command line: a plain decimal number ({@code 0.15}, {@code 1e-1}); not
     * {@code NaN}, {@code Infinity}, a hexadecimal float or a number with a type suffix, which Java
     * would read but no one means as a price.
     *
     * @throws IllegalArgumentException naming the value and the fix
     */
    public static EnergyPrice parse(String perKwh, String currency) {
        Objects.requireNonNull(perKwh, "perKwh");
        BigDecimal price;
        try {
            price = new BigDecimal(perKwh.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--electricity-price '" + perKwh + "' is not a number: give the price"
                    + " of one kWh as a decimal, e.g. --electricity-price 0.15");
        }
        if (price.signum() < 0) {
            throw new IllegalArgumentException("--electricity-price '" + perKwh + "' is negative: give the price of"
                    + " one kWh as 0 or more, e.g. --electricity-price 0.15");
        }
        if (Double.isInfinite(price.doubleValue())) {
            throw new IllegalArgumentException("--electricity-price '" + perKwh + "' is too large to be a price: give"
                    + " the price of one kWh, e.g. --electricity-price 0.15");
        }
        return new EnergyPrice(price.doubleValue(), currency);
    }

    /** Exposes the price as {@code hearth_energy_price_per_kwh{currency}}. */
    public void register(MeterRegistry registry) {
        // strong: the record is held by the fleet's config only, and a weak gauge would read NaN once collected
        Gauge.builder(MetricCatalogue.ENERGY_PRICE.meterName(), this, EnergyPrice::perKwh)
                .description(MetricCatalogue.ENERGY_PRICE.help()).tag("currency", currency).strongReference(true)
                .register(registry);
    }
}

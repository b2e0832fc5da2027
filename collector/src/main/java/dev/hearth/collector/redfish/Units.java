package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

/**
 * Checks that a value can be what its unit says. A reading outside what the unit allows means the BMC
 * put another unit in the field (Fahrenheit or Kelvin as Celsius, a 0..255 duty cycle as a percentage):
 * storing it would corrupt every rule reading it, so the walk fails with the field named instead.
 */
final class Units {
    private static final double ABSOLUTE_ZERO_CELSIUS = -273.15;

    private Units() {
    }

    static double celsius(double value, Resource at, String field) throws CollectException {
        if (value < ABSOLUTE_ZERO_CELSIUS) {
            throw wrong(at, field, value, "below absolute zero, so not degrees Celsius");
        }
        return value;
    }

    static double rpm(double value, Resource at, String field) throws CollectException {
        if (value < 0) {
            throw wrong(at, field, value, "negative, so not revolutions per minute");
        }
        return value;
    }

    /** A percentage as a ratio 0..1. */
    static double percentAsRatio(double value, Resource at, String field) throws CollectException {
        if (value < 0 || value > 100) {
            throw wrong(at, field, value, "outside 0..100, so not a percentage");
        }
        return value / 100.0;
    }

    static double watts(double value, Resource at, String field) throws CollectException {
        if (value < 0) {
            throw wrong(at, field, value, "negative, so not watts drawn");
        }
        return value;
    }

    /** Fails unless {@code units} (a ReadingUnits value) is absent or one of {@code expected}. */
    static void expect(Resource at, String field, String units, String... expected) throws CollectException {
        if (units == null) {
            return;
        }
        for (String e : expected) {
            if (e.equals(units)) {
                return;
            }
        }
        throw new CollectException(at.url() + ": field '" + at.field(field) + "' is \"" + units + "\"; expected \""
                + String.join("\" or \"", expected) + "\"");
    }

    private static CollectException wrong(Resource at, String field, double value, String why) {
        return new CollectException(at.url() + ": field '" + at.field(field) + "' is " + value + ", " + why);
    }
}

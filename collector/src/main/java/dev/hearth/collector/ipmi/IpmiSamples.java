package dev.hearth.collector.ipmi;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns IPMI sensor readings and a DCMI power reading into samples. The metric follows the reading's
 * unit; a reading without a value yields no sample, never a zero.
 *
 * <ul>
 *   <li>°C: {@code hearth_bmc_temperature_celsius{sensor}}</li>
 *   <li>RPM: {@code hearth_bmc_fan_speed_rpm{fan}}; a fan in percent: {@code hearth_bmc_fan_speed_ratio{fan}} (as Redfish writes it)</li>
 *   <li>W: {@code hearth_bmc_power_watts{sensor}}, V: {@code hearth_bmc_voltage_volts{sensor}},
 *       A: {@code hearth_bmc_current_amperes{sensor}}</li>
 *   <li>each state the BMC reports: {@code hearth_bmc_sensor_state{sensor, type, state} 1}; kept out of the
 *       readings' labels so that a temperature stays one series when its state changes</li>
 *   <li>DCMI: {@code hearth_bmc_power_consumed_watts{control="DCMI"}} (the whole system's draw, the figure
 *       to sum per node) and {@code hearth_bmc_power_statistic_watts{control, statistic[, window_seconds]}}</li>
 * </ul>
 *
 * <p>Power sensors go to their own metric, not to {@code hearth_bmc_power_consumed_watts}: a BMC lists
 * each supply and the whole system side by side (an HP lists "Power Supply 1", "Power Supply 2" and
 * "Power Meter"), and summing them would count the same watts twice.
 *
 * <p>Sensor names repeat on some BMCs (a Dell R310 has two "Temp"), so readings carry {@code sensor_id}
 * (the tool's record id or sensor number); where name and id still repeat (ipmitool {@code sensor} prints
 * no id), the occurrence number ({@code #2}) is appended.
 */
public final class IpmiSamples {
    public static final String TEMPERATURE = MetricCatalogue.BMC_TEMPERATURE.name();
    public static final String FAN_SPEED = MetricCatalogue.BMC_FAN_SPEED.name();
    public static final String POWER_CONSUMED = MetricCatalogue.BMC_POWER.name();
    public static final String FAN_RATIO = MetricCatalogue.BMC_FAN_SPEED_RATIO.name();
    public static final String POWER = MetricCatalogue.BMC_SENSOR_POWER.name();
    public static final String VOLTAGE = MetricCatalogue.BMC_VOLTAGE.name();
    public static final String CURRENT = MetricCatalogue.BMC_CURRENT.name();
    public static final String SENSOR_STATE = MetricCatalogue.BMC_SENSOR_STATE.name();
    public static final String POWER_STATISTIC = MetricCatalogue.BMC_POWER_STATISTIC.name();
    static final String DCMI = "DCMI";

    public List<Sample> samples(String node, Instant at, List<SensorReading> readings, DcmiPower power) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(at, "at");
        List<Sample> out = new ArrayList<>();
        Map<List<String>, Integer> counts = new HashMap<>();
        readings.forEach(r -> counts.merge(List.of(r.name(), r.id()), 1, Integer::sum));
        Map<List<String>, Integer> seen = new HashMap<>();
        for (SensorReading reading : readings) {
            List<String> key = List.of(reading.name(), reading.id());
            int occurrence = seen.merge(key, 1, Integer::sum);
            // one series per sensor even where name and id repeat: the occurrence tells them apart
            String sensorId = counts.get(key) > 1 ? reading.id() + "#" + occurrence : reading.id();
            sensor(out, node, at, reading, sensorId);
        }
        if (power instanceof DcmiPower.Readings dcmi) {
            dcmi(out, node, at, dcmi.statistics());
        }
        return out;
    }

    private static void sensor(List<Sample> out, String node, Instant at, SensorReading reading, String sensorId) {
        Map<String, String> id = sensorId.isEmpty() ? Map.of() : Map.of("sensor_id", sensorId);
        reading.value().ifPresent(value -> {
            switch (reading.unit()) {
                case CELSIUS -> add(out, node, at, TEMPERATURE, id, "sensor", reading.name(), value);
                case RPM -> add(out, node, at, FAN_SPEED, id, "fan", reading.name(), value);
                case PERCENT -> {
                    if (isFan(reading)) {
                        add(out, node, at, FAN_RATIO, id, "fan", reading.name(), value / 100);
                    }
                }
                case WATTS -> add(out, node, at, POWER, id, "sensor", reading.name(), value);
                case VOLTS -> add(out, node, at, VOLTAGE, id, "sensor", reading.name(), value);
                case AMPERES -> add(out, node, at, CURRENT, id, "sensor", reading.name(), value);
                default -> {
                    // a unit Hearth does not store (CFM, "unspecified", …)
                }
            }
        });
        for (String state : reading.states().stream().distinct().toList()) {
            Map<String, String> labels = new HashMap<>(id);
            labels.put("state", state);
            if (!reading.type().isEmpty()) {
                labels.put("type", reading.type());
            }
            add(out, node, at, SENSOR_STATE, labels, "sensor", reading.name(), 1);
        }
    }

    /** A percentage is a fan's speed only where the sensor is one: by type, or by name where there is no type. */
    private static boolean isFan(SensorReading reading) {
        return reading.type().isEmpty()
                ? reading.name().toLowerCase(Locale.ROOT).contains("fan")
                : reading.type().equalsIgnoreCase("Fan");
    }

    private static void dcmi(List<Sample> out, String node, Instant at, List<PowerStatistics> statistics) {
        boolean currentDone = false;
        for (PowerStatistics s : statistics) {
            if (!s.active()) {
                continue;
            }
            if (!currentDone) {
                // every enhanced window repeats the same current draw; one sample of it is enough
                out.add(new Sample(at, node, POWER_CONSUMED, Map.of("control", DCMI), s.currentWatts()));
                currentDone = true;
            }
            Map<String, String> labels = new HashMap<>();
            labels.put("control", DCMI);
            s.rollingWindow().ifPresent(w -> labels.put("window_seconds", Long.toString(w.toSeconds())));
            for (Map.Entry<String, Double> e : Map.of("minimum", s.minimumWatts(), "maximum", s.maximumWatts(),
                    "average", s.averageWatts()).entrySet()) {
                Map<String, String> withStatistic = new HashMap<>(labels);
                withStatistic.put("statistic", e.getKey());
                out.add(new Sample(at, node, POWER_STATISTIC, withStatistic, e.getValue()));
            }
        }
    }

    private static void add(List<Sample> out, String node, Instant at, String metric, Map<String, String> labels,
                            String nameLabel, String name, double value) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(nameLabel, name);
        out.add(new Sample(at, node, metric, all, value));
    }
}

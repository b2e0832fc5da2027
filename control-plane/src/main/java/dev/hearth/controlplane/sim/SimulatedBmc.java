package dev.hearth.controlplane.sim;

import dev.hearth.node.http.HttpServers;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * A node's baseboard management controller as the collector sees a real one: a Redfish service
 * (ServiceRoot → Chassis → Thermal and Power, DMTF schema) whose readings come from a
 * {@link ThermalModel} driven by the node's load and by injected faults.
 */
public final class SimulatedBmc implements AutoCloseable {
    private static final String ROOT = "/redfish/v1";
    private static final String CHASSIS = ROOT + "/Chassis/1";
    /** Readings are refreshed at most this often, as BMCs poll their sensors on a cycle. */
    private static final Duration SENSOR_CYCLE = Duration.ofMillis(500);

    private final String node;
    private final ThermalModel model;
    private final DoubleSupplier load;
    private final Clock clock;
    private ThermalReadings readings;
    private Instant readAt;
    private Javalin server;

    /** @param load the node's accelerator utilisation (0..1) since the previous call */
    public SimulatedBmc(String node, ThermalModel model, DoubleSupplier load, Clock clock) {
        this.node = node;
        this.model = model;
        this.load = load;
        this.clock = clock;
    }

    public SimulatedBmc start(int port) {
        server = HttpServers.startLoopback("BMC of " + node, port, r -> {
            r.get(ROOT, ctx -> ctx.json(serviceRootDocument()));
            r.get(ROOT + "/Chassis", ctx -> ctx.json(Map.of(
                    "@odata.id", ROOT + "/Chassis",
                    "@odata.type", "#ChassisCollection.ChassisCollection",
                    "Name", "Chassis Collection",
                    "Members", List.of(Map.of("@odata.id", CHASSIS)),
                    "Members@odata.count", 1)));
            r.get(CHASSIS, ctx -> ctx.json(chassis()));
            r.get(CHASSIS + "/Thermal", this::thermal);
            r.get(CHASSIS + "/Power", this::power);
        });
        return this;
    }

    public URI serviceRoot() {
        return URI.create("http://" + HttpServers.LOOPBACK + ":" + server.port() + ROOT);
    }

    public void inject(Fault fault) {
        model.inject(fault, clock.instant());
    }

    /** The readings as of now (refreshed when older than one sensor cycle). */
    public synchronized ThermalReadings readings() {
        Instant now = clock.instant();
        if (readings == null || Duration.between(readAt, now).compareTo(SENSOR_CYCLE) >= 0) {
            readings = model.advance(now, load.getAsDouble());
            readAt = now;
        }
        return readings;
    }

    private Map<String, Object> serviceRootDocument() {
        return ordered("@odata.id", ROOT, "@odata.type", "#ServiceRoot.v1_15_0.ServiceRoot",
                "Id", "RootService", "Name", "Hearth simulated BMC of " + node, "RedfishVersion", "1.15.0",
                "Chassis", Map.of("@odata.id", ROOT + "/Chassis"));
    }

    private Map<String, Object> chassis() {
        String health = model.overheating() ? "Critical" : "OK";
        return ordered("@odata.id", CHASSIS, "@odata.type", "#Chassis.v1_21_0.Chassis", "Id", "1",
                "Name", node, "ChassisType", "StandAlone",
                "Status", Map.of("State", "Enabled", "Health", health),
                "Thermal", Map.of("@odata.id", CHASSIS + "/Thermal"),
                "Power", Map.of("@odata.id", CHASSIS + "/Power"));
    }

    private void thermal(Context ctx) {
        ThermalReadings r = readings();
        ctx.json(ordered("@odata.id", CHASSIS + "/Thermal", "@odata.type", "#Thermal.v1_7_0.Thermal",
                "Id", "Thermal", "Name", "Thermal",
                "Temperatures", List.of(
                        temperature(0, "GPU0 Temp", "GPU", r.gpuCelsius(), 88, 90, 100),
                        temperature(1, "Inlet Temp", "Intake", r.inletCelsius(), 38, 42, 50),
                        temperature(2, "CPU Temp", "CPU", r.cpuCelsius(), 85, 95, 100)),
                "Fans", List.of(
                        fan(0, "GPU Fan", "GPU", r.gpuFanRpm()),
                        fan(1, "Chassis Fan", "SystemBoard", r.chassisFanRpm()))));
    }

    private void power(Context ctx) {
        ThermalReadings r = readings();
        ctx.json(ordered("@odata.id", CHASSIS + "/Power", "@odata.type", "#Power.v1_7_1.Power",
                "Id", "Power", "Name", "Power",
                "PowerControl", List.of(ordered(
                        "@odata.id", CHASSIS + "/Power#/PowerControl/0", "MemberId", "0",
                        "Name", "System Power Control", "PowerConsumedWatts", r.systemWatts(),
                        "PowerCapacityWatts", 650, "Status", Map.of("State", "Enabled", "Health", "OK")))));
    }

    private Map<String, Object> temperature(int id, String name, String context, double value, double warn,
                                            double critical, double fatal) {
        String health = value >= critical ? "Critical" : value >= warn ? "Warning" : "OK";
        return ordered("@odata.id", CHASSIS + "/Thermal#/Temperatures/" + id, "MemberId", String.valueOf(id),
                "Name", name, "PhysicalContext", context, "ReadingCelsius", value,
                "UpperThresholdNonCritical", warn, "UpperThresholdCritical", critical,
                "UpperThresholdFatal", fatal, "Status", Map.of("State", "Enabled", "Health", health));
    }

    private Map<String, Object> fan(int id, String name, String context, double rpm) {
        return ordered("@odata.id", CHASSIS + "/Thermal#/Fans/" + id, "MemberId", String.valueOf(id),
                "Name", name, "PhysicalContext", context, "Reading", rpm, "ReadingUnits", "RPM",
                "Status", Map.of("State", "Enabled", "Health", "OK"));
    }

    /** A JSON object that keeps the given key order, as BMCs print them. */
    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}

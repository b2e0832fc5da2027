package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Reads one chassis: its Status, then each kind of reading from the one resource {@link Origin} prefers
 * among those the chassis links. Newer resources are read first; a deprecated one only when it could
 * still give a kind no better resource gave.
 */
final class ChassisReader {
    private ChassisReader() {
    }

    static ChassisReport read(Walk walk, URI url) throws CollectException {
        Resource chassis = walk.fetch(url);
        String id = chassis.firstText("Id").orElse(lastSegment(url));
        List<Health> health = new ArrayList<>();
        Optional<Status> status = chassis.status();
        if (status.isPresent()) {
            health.add(new Health(chassis.id(), chassis.firstText("Name").orElse(id), "chassis", status.get()));
        }

        Map<Origin, URI> links = new EnumMap<>(Origin.class);
        for (Origin origin : Origin.values()) {
            chassis.link(origin.link()).ifPresent(link -> links.put(origin, link));
        }
        if (links.isEmpty()) {
            return new ChassisReport(id, List.of(), health, "chassis " + url.getRawPath() + " links none of "
                    + String.join(", ", linkNames()) + ": no readings");
        }
        Map<Origin, Findings> found = new EnumMap<>(Origin.class);
        for (Map.Entry<Origin, URI> link : links.entrySet()) {
            if (!link.getKey().deprecated()) {
                found.put(link.getKey(), read(walk, link.getKey(), link.getValue()));
            }
        }
        for (Map.Entry<Origin, URI> link : links.entrySet()) {
            if (link.getKey().deprecated() && stillNeeded(link.getKey(), found)) {
                found.put(link.getKey(), read(walk, link.getKey(), link.getValue()));
            }
        }

        List<Reading> readings = new ArrayList<>();
        StringJoiner note = new StringJoiner(", ", "chassis " + url.getRawPath() + ": ", "");
        for (ReadingKind kind : ReadingKind.values()) {
            Optional<Origin> chosen = choose(kind, found);
            if (chosen.isEmpty()) {
                note.add("no " + kind.description());
                continue;
            }
            List<Reading> ofKind = found.get(chosen.get()).readings(kind);
            readings.addAll(distinctNames(ofKind));
            health.addAll(found.get(chosen.get()).health(kind));
            note.add(ofKind.isEmpty() ? kind.description() + " not read (only Status) in " + chosen.get().link()
                    : ofKind.size() + " " + kind.description() + " from " + chosen.get().link());
        }
        return new ChassisReport(id, readings, health, note.toString());
    }

    private static Findings read(Walk walk, Origin origin, URI url) throws CollectException {
        return switch (origin) {
            case THERMAL_SUBSYSTEM -> ThermalSubsystemReader.read(walk, url);
            case POWER_SUBSYSTEM -> PowerSubsystemReader.read(walk, url);
            case ENVIRONMENT_METRICS -> EnvironmentMetricsReader.read(walk, url);
            case SENSORS -> SensorsReader.read(walk, url);
            case THERMAL -> ThermalReader.read(walk, url);
            case POWER -> PowerReader.read(walk, url);
        };
    }

    /** A deprecated resource is read when, for a kind it has, no resource it ranks below already gave one. */
    private static boolean stillNeeded(Origin origin, Map<Origin, Findings> found) {
        for (ReadingKind kind : origin.kinds()) {
            boolean better = false;
            for (Origin o : Origin.preference(kind)) {
                if (o == origin) {
                    break;
                }
                better |= found.containsKey(o) && !found.get(o).readings(kind).isEmpty();
            }
            if (!better) {
                return true;
            }
        }
        return false;
    }

    /** The first origin in preference with readings of {@code kind}, else the first with at least a Status. */
    private static Optional<Origin> choose(ReadingKind kind, Map<Origin, Findings> found) {
        for (Origin o : Origin.preference(kind)) {
            if (found.containsKey(o) && !found.get(o).readings(kind).isEmpty()) {
                return Optional.of(o);
            }
        }
        for (Origin o : Origin.preference(kind)) {
            if (found.containsKey(o) && !found.get(o).health(kind).isEmpty()) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /**
     * BMCs do give several supplies or sensors the same name (HPE names every supply
     * "HpeServerPowerSupply"); such readings are told apart by their resource, or they would be one series.
     */
    private static List<Reading> distinctNames(List<Reading> readings) {
        Map<String, Integer> uses = new HashMap<>();
        for (Reading r : readings) {
            uses.merge(series(r), 1, Integer::sum);
        }
        List<Reading> named = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            boolean clash = uses.get(series(r)) > 1;
            named.add(clash ? r.renamed(r.name() + " [" + lastSegment(r.resource()) + "]") : r);
        }
        return named;
    }

    private static String series(Reading r) {
        return r.metric() + new TreeMap<>(r.labels());
    }

    private static List<String> linkNames() {
        List<String> names = new ArrayList<>();
        for (Origin o : Origin.values()) {
            names.add(o.link());
        }
        return names;
    }

    /** The last segment of a URL or id, ignoring a trailing slash, e.g. "Tower" or "PowerSupplies/0" → "0". */
    static String lastSegment(Object uriOrId) {
        String text = uriOrId instanceof URI u ? u.getRawPath() : uriOrId.toString();
        while (text.endsWith("/") && text.length() > 1) {
            text = text.substring(0, text.length() - 1);
        }
        return text.substring(Math.max(text.lastIndexOf('/'), text.lastIndexOf('#')) + 1);
    }
}

package dev.hearth.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a node's BMC over Redfish (kind {@code "bmc"}): ServiceRoot → {@code Chassis} collection → each
 * member's {@code Thermal} (Temperatures, Fans) and {@code Power} (PowerControl) resources, as in the
 * DMTF schemas Thermal.v1_x and Power.v1_x.
 *
 * <p>Samples: {@code hearth_bmc_temperature_celsius{sensor, physical_context}},
 * {@code hearth_bmc_fan_speed_rpm{fan}} (only fans read in RPM: a percentage is not a speed) and
 * {@code hearth_bmc_power_consumed_watts{control}}. A reading that is null or absent (a sensor that is
 * disabled or absent) is skipped, not stored as zero. A {@code chassis} label with the chassis Id is
 * added only when the BMC reports more than one chassis, so that the usual single-chassis node keeps
 * the label set the catalogue lists.
 *
 * <p>A chassis without a Thermal or Power link is fine (the schema makes them optional, e.g. for a rack
 * or a blade without sensors). Everything the walk needs but does not find, or finds with the wrong
 * type, is a {@link CollectException} naming the URL and the field.
 *
 * <p>{@code timeout} bounds the whole walk, not each request, so one slow BMC cannot hold a collection
 * for (number of resources × timeout).
 */
public final class RedfishSource implements Source {
    private static final String ODATA_ID = "@odata.id";

    private final String node;
    private final URI serviceRoot;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;

    public RedfishSource(String node, URI serviceRoot, HttpClient http, ObjectMapper json, Duration timeout) {
        this.node = Objects.requireNonNull(node, "node");
        this.serviceRoot = Objects.requireNonNull(serviceRoot, "serviceRoot");
        this.http = Objects.requireNonNull(http, "http");
        this.json = Objects.requireNonNull(json, "json");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Redfish timeout " + timeout + " for " + serviceRoot
                    + " must be positive, e.g. PT5S");
        }
        if (serviceRoot.getScheme() == null || serviceRoot.getHost() == null) {
            throw new IllegalArgumentException("Redfish service root '" + serviceRoot
                    + "' is not an absolute URL; expected e.g. https://bmc-host/redfish/v1");
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String kind() {
        return "bmc";
    }

    @Override
    public List<Sample> collect(Instant at) throws CollectException {
        Walk walk = new Walk(at, System.nanoTime() + timeout.toNanos());
        JsonNode root = walk.get(serviceRoot);
        URI collectionUrl = walk.link(root, "Chassis", serviceRoot);
        JsonNode collection = walk.get(collectionUrl);
        List<URI> members = walk.members(collection, collectionUrl);
        for (URI chassisUrl : members) {
            JsonNode chassis = walk.get(chassisUrl);
            Map<String, String> chassisLabels = members.size() > 1
                    ? Map.of("chassis", walk.chassisId(chassis, chassisUrl))
                    : Map.of();
            Optional<URI> thermal = walk.optionalLink(chassis, "Thermal", chassisUrl);
            if (thermal.isPresent()) {
                walk.thermal(thermal.get(), chassisLabels);
            }
            Optional<URI> power = walk.optionalLink(chassis, "Power", chassisUrl);
            if (power.isPresent()) {
                walk.power(power.get(), chassisLabels);
            }
        }
        return walk.samples;
    }

    @Override
    public String toString() {
        return "RedfishSource[" + node + " " + serviceRoot + "]";
    }

    /** One collection's walk: its deadline and the samples found so far. */
    private final class Walk {
        private final Instant at;
        private final long deadlineNanos;
        private final List<Sample> samples = new ArrayList<>();

        Walk(Instant at, long deadlineNanos) {
            this.at = at;
            this.deadlineNanos = deadlineNanos;
        }

        void thermal(URI url, Map<String, String> chassisLabels) throws CollectException {
            JsonNode thermal = get(url);
            eachMember(thermal, "Temperatures", url, (sensor, field) -> {
                Optional<Double> reading = optionalNumber(sensor, "ReadingCelsius", field, url);
                if (reading.isPresent()) {
                    Map<String, String> labels = new HashMap<>(chassisLabels);
                    labels.put("sensor", name(sensor, field, url, "Name"));
                    labels.put("physical_context", optionalText(sensor, "PhysicalContext", field, url).orElse(""));
                    add(MetricCatalogue.BMC_TEMPERATURE.name(), labels, reading.get());
                }
            });
            eachMember(thermal, "Fans", url, (fan, field) -> {
                Optional<Double> reading = optionalNumber(fan, "Reading", field, url);
                // Thermal.v1_0 fans had no ReadingUnits and reported RPM; a Percent reading is no speed
                String units = optionalText(fan, "ReadingUnits", field, url).orElse("RPM");
                if (reading.isPresent() && units.equals("RPM")) {
                    Map<String, String> labels = new HashMap<>(chassisLabels);
                    // Thermal.v1_0 named fans in FanName; later versions use the common Name property
                    labels.put("fan", name(fan, field, url, "Name", "FanName"));
                    add(MetricCatalogue.BMC_FAN_SPEED.name(), labels, reading.get());
                }
            });
        }

        void power(URI url, Map<String, String> chassisLabels) throws CollectException {
            eachMember(get(url), "PowerControl", url, (control, field) -> {
                Optional<Double> watts = optionalNumber(control, "PowerConsumedWatts", field, url);
                if (watts.isPresent()) {
                    Map<String, String> labels = new HashMap<>(chassisLabels);
                    labels.put("control", name(control, field, url, "Name"));
                    add(MetricCatalogue.BMC_POWER.name(), labels, watts.get());
                }
            });
        }

        /** Hands each member of the optional array {@code name} to {@code reader}, with its field path for errors. */
        private void eachMember(JsonNode resource, String name, URI url, MemberReader reader) throws CollectException {
            JsonNode members = optionalArray(resource, name, url);
            for (int i = 0; i < members.size(); i++) {
                String field = name + "[" + i + "]";
                reader.read(element(members, i, field, url), field);
            }
        }

        private void add(String metric, Map<String, String> labels, double value) {
            samples.add(new Sample(at, node, metric, labels, value));
        }

        JsonNode get(URI url) throws CollectException {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw new CollectException("Redfish walk of " + serviceRoot + " did not finish within " + timeout
                        + "; stopped before GET " + url);
            }
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofNanos(remaining))
                    .header("Accept", "application/json")
                    .header("OData-Version", "4.0")
                    .GET()
                    .build();
            String text = HttpGet.body(http, request, "the Redfish timeout " + timeout);
            JsonNode body;
            try {
                // a truncated or concatenated reply must not pass as its first complete value
                body = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null ? ""
                        : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
                throw new CollectException("GET " + url + " returned invalid JSON" + where + ": " + e.getOriginalMessage(), e);
            }
            if (body == null || !body.isObject()) {
                throw new CollectException("GET " + url + " returned " + describe(body)
                        + " where a Redfish resource (a JSON object) was expected");
            }
            return body;
        }

        URI link(JsonNode resource, String field, URI url) throws CollectException {
            return optionalLink(resource, field, url).orElseThrow(() -> new CollectException(
                    url + ": field '" + field + "' is missing; expected {\"@odata.id\": \"/redfish/v1/...\"}"));
        }

        Optional<URI> optionalLink(JsonNode resource, String field, URI url) throws CollectException {
            JsonNode link = resource.get(field);
            if (link == null || link.isNull()) {
                return Optional.empty();
            }
            return Optional.of(resolve(link, field, url));
        }

        List<URI> members(JsonNode collection, URI url) throws CollectException {
            JsonNode members = collection.get("Members");
            if (members == null || !members.isArray()) {
                throw new CollectException(url + ": field 'Members' is " + describe(members)
                        + "; a Redfish collection lists its members as [{\"@odata.id\": ...}]");
            }
            List<URI> uris = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                uris.add(resolve(members.get(i), "Members[" + i + "]", url));
            }
            return uris;
        }

        String chassisId(JsonNode chassis, URI url) throws CollectException {
            Optional<String> id = optionalText(chassis, "Id", "chassis", url);
            if (id.isPresent() && !id.get().isBlank()) {
                return id.get();
            }
            String path = url.getPath();
            return path.substring(path.lastIndexOf('/', path.length() - 2) + 1).replace("/", "");
        }

        /** A link object {@code {"@odata.id": "/redfish/v1/..."}}, resolved against the service root. */
        private URI resolve(JsonNode link, String field, URI url) throws CollectException {
            JsonNode id = link == null || !link.isObject() ? null : link.get(ODATA_ID);
            if (id == null || !id.isTextual()) {
                throw new CollectException(url + ": field '" + field + "' is " + describe(link)
                        + "; expected {\"@odata.id\": \"/redfish/v1/...\"}");
            }
            String path = id.asText();
            URI reference;
            try {
                reference = new URI(path);
            } catch (URISyntaxException e) {
                throw new CollectException(url + ": field '" + field + "." + ODATA_ID + "' is \"" + path
                        + "\", not a valid URI path: " + e.getMessage(), e);
            }
            // only paths on the same BMC: a reply must not send the collector to another host
            if (!path.startsWith("/") || reference.getScheme() != null || reference.getRawAuthority() != null) {
                throw new CollectException(url + ": field '" + field + "." + ODATA_ID + "' is \"" + path
                        + "\"; expected an absolute path on the same BMC such as /redfish/v1/Chassis");
            }
            String resolved = serviceRoot.resolve(reference).toString();
            int fragment = resolved.indexOf('#'); // "#/Fans/0" points inside a resource: fetch the resource
            return URI.create(fragment < 0 ? resolved : resolved.substring(0, fragment));
        }

        private JsonNode optionalArray(JsonNode resource, String field, URI url) throws CollectException {
            JsonNode array = resource.get(field);
            if (array == null || array.isNull()) {
                return json.createArrayNode();
            }
            if (!array.isArray()) {
                throw new CollectException(url + ": field '" + field + "' is " + describe(array) + ", expected an array");
            }
            return array;
        }

        private JsonNode element(JsonNode array, int index, String field, URI url) throws CollectException {
            JsonNode element = array.get(index);
            if (!element.isObject()) {
                throw new CollectException(url + ": field '" + field + "' is " + describe(element) + ", expected an object");
            }
            return element;
        }

        private Optional<Double> optionalNumber(JsonNode object, String name, String field, URI url)
                throws CollectException {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isNumber()) {
                throw new CollectException(url + ": field '" + field + "." + name + "' is " + describe(value)
                        + ", expected a number or null");
            }
            return Optional.of(value.doubleValue());
        }

        private Optional<String> optionalText(JsonNode object, String name, String field, URI url)
                throws CollectException {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isTextual()) {
                throw new CollectException(url + ": field '" + field + "." + name + "' is " + describe(value)
                        + ", expected a string");
            }
            return Optional.of(value.asText());
        }

        /** The first of {@code names} present as a non-blank string, else the schema's MemberId. */
        private String name(JsonNode object, String field, URI url, String... names) throws CollectException {
            for (String name : names) {
                Optional<String> text = optionalText(object, name, field, url);
                if (text.isPresent() && !text.get().isBlank()) {
                    return text.get();
                }
            }
            Optional<String> memberId = optionalText(object, "MemberId", field, url);
            if (memberId.isPresent() && !memberId.get().isBlank()) {
                return memberId.get();
            }
            throw new CollectException(url + ": " + field + " has a reading but no " + String.join(" or ", names)
                    + " or MemberId to name it by");
        }
    }

    /** A JSON value for an error message: its type and, if short, its text. */
    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        String type = switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> value.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
        String text = value.toString();
        return value.isContainerNode() || text.length() > 60 ? type : type + " (" + text + ")";
    }

    /** Reads one member of a Redfish array (a sensor, a fan, a power control). */
    @FunctionalInterface
    private interface MemberReader {
        void read(JsonNode member, String field) throws CollectException;
    }
}

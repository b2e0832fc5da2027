package dev.hearth.collector.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.collector.CollectException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object read from a BMC (a whole resource, or an object inside one such as {@code Fans[2]}) with
 * typed accessors. Whatever the walk needs but finds with the wrong type is a {@link CollectException}
 * naming the URL and the field path; a field that is absent or null is "not there", as the schemas make
 * almost every property optional and nullable.
 */
final class Resource {
    private static final String ODATA_ID = "@odata.id";

    private final BmcAddress bmc;
    private final URI url;
    private final JsonNode node;
    private final String path;

    /** @param path where {@code node} sits in the document at {@code url}; empty for the document itself */
    Resource(BmcAddress bmc, URI url, JsonNode node, String path) {
        this.bmc = bmc;
        this.url = url;
        this.node = node;
        this.path = path;
    }

    URI url() {
        return url;
    }

    /** {@code name} as a field path for messages, e.g. {@code Fans[2].ReadingUnits}. */
    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The resource's identity for labels: its {@code @odata.id}, else where it was found. */
    String id() {
        JsonNode id = node.get(ODATA_ID);
        if (id != null && id.isTextual() && !id.asText().isBlank()) {
            return id.asText();
        }
        String base = url.getRawPath();
        return path.isEmpty() ? base : base + "#/" + path.replace('.', '/').replace("[", "/").replace("]", "");
    }

    Optional<Double> number(String name) throws CollectException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw new CollectException(url + ": field '" + field(name) + "' is " + describe(value)
                    + ", expected a number or null");
        }
        return Optional.of(value.doubleValue());
    }

    Optional<String> text(String name) throws CollectException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new CollectException(url + ": field '" + field(name) + "' is " + describe(value)
                    + ", expected a string");
        }
        return Optional.of(value.asText());
    }

    /** A nested object such as {@code SpeedPercent} or {@code Status}. */
    Optional<Resource> object(String name) throws CollectException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw new CollectException(url + ": field '" + field(name) + "' is " + describe(value)
                    + ", expected an object");
        }
        return Optional.of(new Resource(bmc, url, value, field(name)));
    }

    /** The objects of the optional array {@code name}, e.g. {@code Temperatures}. */
    List<Resource> objects(String name) throws CollectException {
        JsonNode array = node.get(name);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new CollectException(url + ": field '" + field(name) + "' is " + describe(array) + ", expected an array");
        }
        List<Resource> objects = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String element = field(name) + "[" + i + "]";
            if (!array.get(i).isObject()) {
                throw new CollectException(url + ": field '" + element + "' is " + describe(array.get(i))
                        + ", expected an object");
            }
            objects.add(new Resource(bmc, url, array.get(i), element));
        }
        return objects;
    }

    /** The link {@code {"@odata.id": ...}} in field {@code name}, resolved on the BMC. */
    Optional<URI> link(String name) throws CollectException {
        JsonNode link = node.get(name);
        if (link == null || link.isNull()) {
            return Optional.empty();
        }
        return Optional.of(resolve(link, field(name)));
    }

    URI requiredLink(String name) throws CollectException {
        Optional<URI> link = link(name);
        if (link.isEmpty()) {
            throw new CollectException(url + ": field '" + field(name)
                    + "' is missing; expected {\"@odata.id\": \"/redfish/v1/...\"}");
        }
        return link.get();
    }

    /**
     * The members of a Redfish collection, each once: a collection that lists a member twice must not
     * make it counted twice.
     */
    List<URI> members() throws CollectException {
        JsonNode members = node.get("Members");
        if (members == null || !members.isArray()) {
            throw new CollectException(url + ": field '" + field("Members") + "' is " + describe(members)
                    + "; a Redfish collection lists its members as [{\"@odata.id\": ...}]");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            URI member = resolve(members.get(i), field("Members") + "[" + i + "]");
            if (seen.add(BmcAddress.key(member))) {
                uris.add(member);
            }
        }
        return uris;
    }

    /** {@code Status.Health} and {@code Status.State}, when the object has a Status with either. */
    Optional<Status> status() throws CollectException {
        Optional<Resource> status = object("Status");
        if (status.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> health = status.get().text("Health");
        Optional<String> state = status.get().text("State");
        if (health.isEmpty() && state.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Status(health.orElse(""), state.orElse("")));
    }

    /** The first of {@code names} that is a non-blank string. */
    Optional<String> firstText(String... names) throws CollectException {
        for (String name : names) {
            Optional<String> text = text(name);
            if (text.isPresent() && !text.get().isBlank()) {
                return text;
            }
        }
        return Optional.empty();
    }

    /**
     * What a reading is called: the first of {@code names} present, else the schema's MemberId or Id.
     * A reading nobody can name cannot become a series, so that is an error.
     */
    String name(String... names) throws CollectException {
        Optional<String> name = firstText(names);
        if (name.isPresent()) {
            return name.get();
        }
        Optional<String> id = firstText("MemberId", "Id");
        if (id.isPresent()) {
            return id.get();
        }
        throw new CollectException(url + ": " + (path.isEmpty() ? "the resource" : path) + " has a reading but no "
                + String.join(" or ", names) + " or MemberId to name it by");
    }

    /** A name for a health sample: as {@link #name(String...)}, else the resource's {@link #id()}. */
    String label(String... names) throws CollectException {
        Optional<String> name = firstText(names);
        if (name.isPresent()) {
            return name.get();
        }
        return firstText("MemberId", "Id").orElse(id());
    }

    /** A link object {@code {"@odata.id": "/redfish/v1/..."}}, resolved against the service root. */
    private URI resolve(JsonNode link, String field) throws CollectException {
        JsonNode id = link == null || !link.isObject() ? null : link.get(ODATA_ID);
        if (id == null || !id.isTextual()) {
            throw new CollectException(url + ": field '" + field + "' is " + describe(link)
                    + "; expected {\"@odata.id\": \"/redfish/v1/...\"}");
        }
        String text = id.asText();
        URI reference;
        try {
            reference = new URI(text);
        } catch (URISyntaxException e) {
            throw new CollectException(url + ": field '" + field + "." + ODATA_ID + "' is \"" + text
                    + "\", not a valid URI path: " + e.getMessage(), e);
        }
        boolean path = reference.getScheme() == null && reference.getRawAuthority() == null && text.startsWith("/");
        URI resolved = BmcAddress.resolve(bmc.serviceRoot(), reference);
        if (!path && (reference.getScheme() == null || !bmc.owns(resolved))) {
            throw new CollectException(url + ": field '" + field + "." + ODATA_ID + "' is \"" + text
                    + "\"; expected an absolute path on the same BMC such as /redfish/v1/Chassis");
        }
        return resolved;
    }

    /** A JSON value for an error message: its type and, if short, its text. */
    static String describe(JsonNode value) {
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
}

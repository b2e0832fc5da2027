package dev.hearth.collector.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One BMC assembled from vendor payloads, which come as loose files rather than a tree. Each file is
 * served unchanged at its own {@code @odata.id}, or at a path given when it has none (HPE's chassis
 * captures) or names another path than the resource linking it. Resources the captures lack but a walk
 * needs to reach them (a Chassis or Processors collection) are "glue": small documents written here,
 * marked as such, so that every byte the walk reads from a vendor is the vendor's.
 */
record VendorScenario(String name, Map<String, byte[]> documents, List<String> glue) {
    static Builder named(String name, Path vendor) {
        return new Builder(name, vendor);
    }

    static final class Builder {
        private final ObjectMapper json = new ObjectMapper();
        private final String name;
        private final Path vendor;
        private final Map<String, byte[]> documents = new LinkedHashMap<>();
        private final List<String> glue = new ArrayList<>();

        private Builder(String name, Path vendor) {
            this.name = name;
            this.vendor = vendor;
        }

        /** Serves {@code file} at its own {@code @odata.id}. */
        Builder file(String file) {
            byte[] body = read(file);
            try {
                JsonNode id = json.readTree(body).get("@odata.id");
                if (id == null || !id.isTextual()) {
                    throw new IllegalArgumentException(file + " has no @odata.id; place it with at(path, file)");
                }
                return put(id.asText(), body);
            } catch (IOException e) {
                throw new UncheckedIOException(file + " does not parse; place it with at(path, file)", e);
            }
        }

        /** Serves {@code file} at {@code path}. */
        Builder at(String path, String file) {
            return put(path, read(file));
        }

        /** A collection the captures lack, listing {@code members}. */
        Builder glueCollection(String path, String... members) {
            StringBuilder list = new StringBuilder();
            for (String m : members) {
                list.append(list.length() == 0 ? "" : ",").append("{\"@odata.id\":\"").append(m).append("\"}");
            }
            glue.add(path);
            return put(path, ("{\"@odata.id\":\"" + path + "\",\"Name\":\"test glue\",\"Members@odata.count\":"
                    + members.length + ",\"Members\":[" + list + "]}").getBytes(StandardCharsets.UTF_8));
        }

        VendorScenario build() {
            return new VendorScenario(name, Map.copyOf(documents), List.copyOf(glue));
        }

        private Builder put(String path, byte[] body) {
            String key = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            if (documents.putIfAbsent(key, body) != null) {
                throw new IllegalArgumentException(name + ": two documents for " + key);
            }
            return this;
        }

        private byte[] read(String file) {
            try {
                return Files.readAllBytes(vendor.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

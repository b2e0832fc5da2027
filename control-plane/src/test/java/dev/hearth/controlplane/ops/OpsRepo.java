package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The operations files of the repository: alert rules and their tests, dashboards, runbooks. */
final class OpsRepo {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path root;

    private OpsRepo(Path root) {
        this.root = root;
    }

    /** Walks up from the working directory to the folder holding {@code alerts/} and {@code pom.xml}. */
    static OpsRepo locate() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("alerts")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new OpsRepo(dir);
            }
        }
        throw new IllegalStateException("no folder with alerts/ and pom.xml above " + start
                + ": run the tests inside the Hearth repository");
    }

    Path alerts() {
        return root.resolve("alerts");
    }

    Path runbooks() {
        return root.resolve("runbooks");
    }

    /** Prometheus rule files: YAML files in alerts/ (outside alerts/tests/) with a top-level {@code groups}. */
    List<Path> ruleFiles() {
        return files(alerts(), 1, p -> isYaml(p) && readYaml(p).has("groups"));
    }

    /** promtool unit test files in alerts/tests/. */
    List<Path> ruleTestFiles() {
        return files(alerts().resolve("tests"), 1, OpsRepo::isYaml);
    }

    List<Path> dashboards() {
        return files(root.resolve("dashboards"), Integer.MAX_VALUE, p -> p.toString().endsWith(".json"));
    }

    List<Path> runbookFiles() {
        return files(runbooks(), 1, p -> p.toString().endsWith(".md"));
    }

    static JsonNode readYaml(Path file) {
        return read(YAML, file);
    }

    static JsonNode readJson(Path file) {
        return read(JSON, file);
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            JsonNode node = mapper.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new IllegalStateException(file + " is empty");
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isYaml(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    private static List<Path> files(Path dir, int depth, Predicate<Path> filter) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir, depth)) {
            return paths.filter(Files::isRegularFile).filter(filter).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

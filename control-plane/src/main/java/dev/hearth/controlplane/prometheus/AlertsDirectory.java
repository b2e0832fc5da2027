package dev.hearth.controlplane.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The repository's {@code alerts/} folder: the Prometheus rule files Hearth ships. Its
 * {@code tests/} (promtool unit tests) and the Alertmanager configuration are not rule files.
 */
public final class AlertsDirectory {
    private static final String NAME = "alerts";
    private final Path path;

    private AlertsDirectory(Path path) {
        this.path = path;
    }

    /** A folder named by the user, e.g. with {@code --alerts-dir}. */
    public static AlertsDirectory of(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("'" + dir + "' is not a directory: name the repository's alerts/"
                    + " folder, the one holding the Prometheus rule files (hearth-alerts.yml)");
        }
        return new AlertsDirectory(dir.toAbsolutePath().normalize());
    }

    /**
     * The {@code alerts/} of the Hearth repository above any of {@code starts} (the working directory,
     * the folder of the running jar): the first folder holding both {@code alerts/} and {@code pom.xml}.
     */
    public static Optional<AlertsDirectory> find(List<Path> starts) {
        for (Path start : starts) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve(NAME)) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                    return Optional.of(new AlertsDirectory(dir.resolve(NAME)));
                }
            }
        }
        return Optional.empty();
    }

    public Path path() {
        return path;
    }

    /**
     * The rule files: {@code *.yml} and {@code *.yaml} directly in the folder, except the
     * Alertmanager configuration; absolute, sorted so the generated config is the same every run.
     */
    public List<Path> ruleFiles() {
        try (Stream<Path> files = Files.list(path)) {
            List<Path> rules = new ArrayList<>();
            files.filter(Files::isRegularFile).filter(AlertsDirectory::isRuleFile).sorted().forEach(rules::add);
            return List.copyOf(rules);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the rule files in " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean isRuleFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yml") || name.endsWith(".yaml");
        return yaml && !name.startsWith("alertmanager.") && !name.startsWith(".");
    }

    @Override
    public String toString() {
        return path.toString();
    }
}

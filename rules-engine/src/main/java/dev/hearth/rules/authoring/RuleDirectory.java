package dev.hearth.rules.authoring;

import dev.hearth.rules.RuleCompilationException;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.RuleProblem;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a rule pack from a directory and its subdirectories: every {@code .drl}, {@code .dslr} and
 * {@code .dsl} file, by its path relative to the directory; other files and hidden files (editors'
 * swap files, {@code .git}) are left alone, so a README can live beside the rules.
 *
 * <p>A file is in shadow when it lies under a directory named {@code shadow}, or when one of the comment
 * lines it starts with is exactly {@value #SHADOW_MARKER}.
 */
public final class RuleDirectory {
    public static final String SHADOW_DIRECTORY = "shadow";
    public static final String SHADOW_MARKER = "// hearth: shadow";
    private final Path directory;

    public RuleDirectory(Path directory) {
        this.directory = directory;
    }

    /** @throws RuleCompilationException naming every file that cannot be read, or the directory itself */
    public RulePack read() {
        if (!Files.isDirectory(directory)) {
            throw new RuleCompilationException(List.of(RuleProblem.ofFile(directory.toString(),
                    "is not a directory: name the directory that holds the .drl and .dslr files")));
        }
        Map<String, String> sources = new TreeMap<>();
        Set<String> shadow = new TreeSet<>();
        List<RuleProblem> problems = new ArrayList<>();
        for (Path file : candidates(problems)) {
            String name = nameOf(file);
            try {
                String text = Files.readString(file);
                sources.put(name, text);
                if (underShadowDirectory(file) || marked(text)) {
                    shadow.add(name);
                }
            } catch (MalformedInputException e) {
                problems.add(RuleProblem.ofFile(name, "is not UTF-8 text: save it as UTF-8"));
            } catch (IOException e) {
                problems.add(RuleProblem.ofFile(name, "cannot be read (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + "): check that it exists and its permissions"));
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleCompilationException(problems);
        }
        if (sources.keySet().stream().noneMatch(n -> n.endsWith(".drl") || n.endsWith(".dslr"))) {
            throw new RuleCompilationException(List.of(RuleProblem.ofFile(directory.toString(),
                    "holds no rule files: put .drl or .dslr files in it (see rules-engine/AUTHORING.md)")));
        }
        return new RulePack(sources, shadow);
    }

    private List<Path> candidates(List<RuleProblem> problems) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(p -> !p.equals(directory))
                    .filter(p -> !hidden(p))
                    .filter(p -> !Files.isDirectory(p))
                    .filter(p -> isRuleSource(p.getFileName().toString()))
                    .sorted()
                    .forEach(out::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(RuleProblem.ofFile(directory.toString(), "cannot be listed: " + e.getMessage()));
        }
        return out;
    }

    private boolean hidden(Path p) {
        for (Path part : directory.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private String nameOf(Path file) {
        return directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private boolean underShadowDirectory(Path file) {
        Path parent = directory.relativize(file).getParent();
        if (parent == null) {
            return false;
        }
        for (Path part : parent) {
            if (part.toString().equals(SHADOW_DIRECTORY)) {
                return true;
            }
        }
        return false;
    }

    /** The marker counts only in the comment block that opens the file, so a rule's comment cannot set it. */
    static boolean marked(String text) {
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("//") && trimmed.substring(2).strip().equals(SHADOW_MARKER.substring(2).strip())) {
                return true;
            }
            if (!trimmed.isEmpty() && !trimmed.startsWith("//") && !trimmed.startsWith("#")) {
                return false;
            }
        }
        return false;
    }

    private static boolean isRuleSource(String name) {
        return name.endsWith(".drl") || name.endsWith(".dslr") || name.endsWith(".dsl");
    }
}

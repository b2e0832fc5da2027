package dev.hearth.rules;

import dev.hearth.rules.authoring.RuleDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rule files a rules engine is built from, by file name: {@code .drl} files, {@code .dslr} files
 * written in sentences, and the {@code .dsl} files that define those sentences.
 *
 * @param shadowFiles files whose rules are all in shadow: they fire and are audited, never acted on
 */
public record RulePack(Map<String, String> sources, Set<String> shadowFiles) {

    public RulePack {
        // sorted, so that compilation and every report list the files in the same order
        sources = Collections.unmodifiableMap(new TreeMap<>(sources));
        shadowFiles = Collections.unmodifiableSet(new TreeSet<>(shadowFiles));
        if (sources.keySet().stream().noneMatch(RulePack::isRuleFile)) {
            throw new IllegalArgumentException("a rule pack needs at least one rule file (.drl or .dslr)");
        }
        for (String name : sources.keySet()) {
            if (!isRuleFile(name) && !name.endsWith(".dsl")) {
                throw new IllegalArgumentException("'" + name + "' is not a rule file: a pack holds .drl, .dslr and"
                        + " .dsl files");
            }
        }
        for (String name : shadowFiles) {
            if (!sources.containsKey(name)) {
                throw new IllegalArgumentException("shadow file '" + name + "' is not in the pack " + sources.keySet());
            }
        }
    }

    /** A pack with no file in shadow (rules may still be marked {@code @shadow} one by one). */
    public RulePack(Map<String, String> sources) {
        this(sources, Set.of());
    }

    /** The rule files shipped with Hearth, read from {@code rules/} on the class path. */
    public static RulePack builtIn() {
        Map<String, String> sources = new TreeMap<>();
        for (String file : List.of("hardware.drl", "gpu.drl", "service.drl", "slo.drl", "capacity.drl",
                "power.drl", "correlation.drl")) {
            String path = "rules/" + file;
            try (InputStream in = RulePack.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("built-in rule file " + path + " is missing from the class path");
                }
                sources.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read built-in rule file " + path, e);
            }
        }
        return new RulePack(sources);
    }

    /**
     * The rule files of a directory, as {@link RuleDirectory} reads them.
     *
     * @throws RuleCompilationException naming each file that cannot be read, or the directory when it
     *                                  holds no rule file
     */
    public static RulePack fromDirectory(Path directory) {
        return new RuleDirectory(directory).read();
    }

    /** Whether the file is in shadow as a whole. */
    public boolean shadow(String file) {
        return shadowFiles.contains(file);
    }

    static boolean isRuleFile(String name) {
        return name.endsWith(".drl") || name.endsWith(".dslr");
    }
}

package dev.hearth.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DRL sources by file name: what a rules engine is built from. */
public record RulePack(Map<String, String> sources) {

    public RulePack {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a rule pack needs at least one rule file");
        }
        sources = Map.copyOf(sources);
    }

    /** The rule files shipped with Hearth, read from {@code rules/} on the class path. */
    public static RulePack builtIn() {
        Map<String, String> sources = new LinkedHashMap<>();
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
}

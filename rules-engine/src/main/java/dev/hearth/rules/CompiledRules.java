package dev.hearth.rules;

import org.kie.api.KieBase;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rule pack that compiled: the Drools knowledge base and, per rule file, its rules. Immutable, so a
 * reload swaps one for another while evaluations in flight finish on the one they started with.
 *
 * @param files the {@code .drl} and {@code .dslr} files, in name order ({@code .dsl} files hold no rules)
 */
public record CompiledRules(RulePack pack, KieBase kieBase, List<RuleFile> files) {
    public CompiledRules {
        files = List.copyOf(files);
    }

    /** Names of the rules whose findings are never acted on. */
    public Set<String> shadowRules() {
        return files.stream().flatMap(f -> f.rules().stream()).filter(LoadedRule::shadow).map(LoadedRule::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    public int ruleCount() {
        return files.stream().mapToInt(f -> f.rules().size()).sum();
    }
}

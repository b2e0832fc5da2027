package dev.hearth.controlplane.admin;

import dev.hearth.rules.CompiledRules;
import dev.hearth.rules.ReloadResult;
import dev.hearth.rules.RuleFile;

import java.util.List;

/**
 * The rules a fleet runs, as {@code GET /api/rules} shows them.
 *
 * @param source     where the rules come from: the built-in pack, or a directory
 * @param files      each rule file with its rules and shadow flags
 * @param lastReload the last reload that loaded or failed, with its problems; null when the rules are not reloaded
 */
public record RulesView(String source, int rules, List<RuleFile> files, ReloadResult lastReload) {
    public RulesView {
        files = List.copyOf(files);
    }

    public static RulesView of(String source, CompiledRules running, ReloadResult lastReload) {
        return new RulesView(source, running.ruleCount(), running.files(), lastReload);
    }
}

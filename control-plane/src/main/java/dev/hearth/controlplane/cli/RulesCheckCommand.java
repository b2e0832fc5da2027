package dev.hearth.controlplane.cli;

import dev.hearth.rules.CompiledRules;
import dev.hearth.rules.LoadedRule;
import dev.hearth.rules.RuleCompilationException;
import dev.hearth.rules.RuleFile;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.RuleProblem;
import dev.hearth.rules.authoring.RuleCompiler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Compile a directory of rule files as the fleet would load it, without a fleet: .drl files,"
                + " .dslr files in sentences with their .dsl, files under shadow/ in shadow.",
                "Prints each file with its rules, or each problem as FILE:LINE: message.",
                "Exit 0: the rules compile; 1: they do not; 2: DIR is not a directory."})
public final class RulesCheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "The directory that holds the rule files.")
    Path directory;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "DIR '" + directory + "' is not a directory:"
                    + " name the directory that holds the .drl and .dslr files");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompiledRules rules;
        try {
            rules = new RuleCompiler().compile(RulePack.fromDirectory(directory));
        } catch (RuleCompilationException e) {
            for (RuleProblem p : e.problems()) {
                err.println(p);
            }
            err.printf("%d problem%s: the fleet would keep running its previous rules%n", e.problems().size(),
                    e.problems().size() == 1 ? "" : "s");
            err.flush();
            return 1;
        }
        for (RuleFile file : rules.files()) {
            out.printf("%s  %d rule%s%s%n", file.name(), file.rules().size(), file.rules().size() == 1 ? "" : "s",
                    file.shadow() ? "  (shadow)" : "");
            for (LoadedRule rule : file.rules()) {
                out.printf("  %d: \"%s\"%s%n", rule.line(), rule.name(), rule.shadow() && !file.shadow() ? "  (shadow)" : "");
            }
        }
        out.printf("%d rules in %d files compile%n", rules.ruleCount(), rules.files().size());
        out.flush();
        return 0;
    }
}

package dev.hearth.rules.authoring;

import dev.hearth.rules.RuleProblem;
import org.drools.drl.parser.lang.ExpanderException;
import org.drools.drl.parser.lang.dsl.DSLMapping;
import org.drools.drl.parser.lang.dsl.DSLMappingEntry;
import org.drools.drl.parser.lang.dsl.DefaultExpander;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a {@code .dslr} file into DRL with the sentences of the DSL files it names in its
 * {@code expander NAME.dsl} lines, line for line, so that a compile error's line is the sentence's line.
 *
 * <p>Stricter than Drools on purpose: every line between {@code when} and {@code end} must be one whole
 * sentence (or DRL behind a {@code >}), because Drools leaves a line that matches no sentence as it is,
 * or expands the part of it that matches, and then reports a parser error about the expansion.
 */
final class DslrExpander {
    private static final Pattern EXPANDER = Pattern.compile("^\\s*expander\\s+(\\S+?)\\s*;?\\s*$");
    /**
     * What the sentences of the shipped DSL refer to; written on the {@code expander hearth.dsl} line, so
     * that a rule file in sentences holds only its package and rules, and lines stay where they were.
     */
    private static final String SHIPPED_PREAMBLE = "import dev.hearth.rules.facts.Reading; "
            + "import dev.hearth.rules.facts.EvaluationTime; ";
    private static final String FINDINGS_GLOBAL = "global dev.hearth.rules.FindingCollector findings;";
    private final Map<String, DSLMapping> dsls;

    /** @param dsls the DSL files a {@code .dslr} may name, by file name */
    DslrExpander(Map<String, DSLMapping> dsls) {
        this.dsls = dsls;
    }

    /** The DRL of {@code text}, or empty with the reasons added to {@code problems}. */
    Optional<String> expand(String file, String text, List<RuleProblem> problems) {
        int before = problems.size();
        String[] lines = text.split("\r?\n", -1);
        DefaultExpander expander = new DefaultExpander();
        List<DSLMappingEntry> conditions = new ArrayList<>();
        List<DSLMappingEntry> consequences = new ArrayList<>();
        List<String> named = new ArrayList<>();
        int shippedLine = -1;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = EXPANDER.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            DSLMapping dsl = dsls.get(name);
            if (dsl == null) {
                problems.add(new RuleProblem(file, i + 1, "expander names '" + name + "', which is neither in the"
                        + " rule directory nor shipped with Hearth (" + String.join(", ", dsls.keySet())
                        + "): put " + name + " beside this file or fix the name"));
                continue;
            }
            named.add(name);
            if (name.equals(RuleCompiler.SHIPPED_DSL)) {
                shippedLine = i;
            }
            expander.addDSLMapping(dsl);
            for (DSLMappingEntry e : dsl.getEntries()) {
                if (e.getSection() == DSLMappingEntry.CONDITION || e.getSection() == DSLMappingEntry.ANY) {
                    conditions.add(e);
                }
                if (e.getSection() == DSLMappingEntry.CONSEQUENCE || e.getSection() == DSLMappingEntry.ANY) {
                    consequences.add(e);
                }
            }
        }
        if (named.isEmpty() && problems.size() == before) {
            problems.add(new RuleProblem(file, 1, "a .dslr file needs a line 'expander NAME.dsl' naming the"
                    + " sentences it is written in, e.g. 'expander hearth.dsl'"));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        checkSentences(file, lines, String.join(", ", named), conditions, consequences, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        String drl = expander.expand(text);
        for (ExpanderException e : expander.getErrors()) {
            problems.add(new RuleProblem(file, e.getLine(), e.getMessage()));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        if (shippedLine < 0) {
            return Optional.of(drl);
        }
        String[] out = drl.split("\r?\n", -1);
        if (out.length != lines.length) {
            throw new IllegalStateException(file + ": the DSL expansion changed the number of lines");
        }
        out[shippedLine] = SHIPPED_PREAMBLE + (text.contains(FINDINGS_GLOBAL) ? "" : FINDINGS_GLOBAL);
        return Optional.of(String.join("\n", out));
    }

    private static void checkSentences(String file, String[] lines, String dslNames, List<DSLMappingEntry> conditions,
                                       List<DSLMappingEntry> consequences, List<RuleProblem> problems) {
        List<DSLMappingEntry> scope = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals("when")) {
                scope = conditions;
            } else if (line.equals("then")) {
                scope = consequences;
            } else if (line.equals("end")) {
                scope = null;
            } else if (scope != null && !line.isEmpty() && !line.startsWith("//") && !line.startsWith("#")
                    && !line.startsWith(">") && scope.stream().noneMatch(e -> e.getKeyPattern().matcher(line).matches())) {
                boolean condition = scope == conditions;
                problems.add(new RuleProblem(file, i + 1, "no " + (condition ? "condition" : "action")
                        + " sentence of " + dslNames + " matches '" + line + "'; the " + (condition ? "condition" : "action")
                        + " sentences are: " + scope.stream().map(e -> "'" + e.getMappingKey().strip() + "'")
                        .collect(Collectors.joining(", "))
                        + " (write DRL in a .dslr behind '>')"));
            }
        }
    }
}

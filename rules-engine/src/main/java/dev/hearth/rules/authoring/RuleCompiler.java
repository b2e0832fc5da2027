package dev.hearth.rules.authoring;

import dev.hearth.rules.CompiledRules;
import dev.hearth.rules.LoadedRule;
import dev.hearth.rules.RuleCompilationException;
import dev.hearth.rules.RuleFile;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.RuleProblem;
import org.drools.compiler.compiler.DescrBuildError;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.lang.dsl.DSLMapping;
import org.drools.drl.parser.lang.dsl.DSLTokenizedMappingFile;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.io.ResourceFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compiles a {@link RulePack}: expands {@code .dslr} files with their DSL (those of the pack, and
 * {@code hearth.dsl} shipped on the class path), refuses rule names used twice, and builds one Drools
 * knowledge base. Every problem names the pack's file and line, the {@code .dslr} line for sentences.
 */
public final class RuleCompiler {
    /** The DSL shipped with Hearth, available to every {@code .dslr} as {@code expander hearth.dsl}. */
    public static final String SHIPPED_DSL = "hearth.dsl";
    private static final Pattern RULE_NAME = Pattern.compile("[Rr]ule(?: name=| )['\"]([^'\"]+)['\"]");
    private static final Pattern EXPRESSION = Pattern.compile("Unable to Analyse Expression (.+?):( |$)");
    private final String shippedDsl;

    public RuleCompiler() {
        String path = "dsl/" + SHIPPED_DSL;
        try (InputStream in = RuleCompiler.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path");
            }
            shippedDsl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** @throws RuleCompilationException naming every problem's file and line */
    public CompiledRules compile(RulePack pack) {
        List<RuleProblem> problems = new ArrayList<>();
        DslrExpander expander = new DslrExpander(dsls(pack, problems));
        Map<String, String> drl = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : pack.sources().entrySet()) {
            String name = file.getKey();
            if (name.endsWith(".drl")) {
                drl.put(name, file.getValue());
            } else if (name.endsWith(".dslr")) {
                expander.expand(name, file.getValue(), problems).ifPresent(text -> drl.put(name, text));
            }
        }
        Map<String, List<RuleDescr>> rules = new LinkedHashMap<>();
        drl.forEach((name, text) -> rules.put(name, parse(text)));
        boolean duplicates = refuseDuplicates(rules, problems);
        KieBase kieBase = duplicates ? null : build(pack, drl, rules, problems);
        if (!problems.isEmpty()) {
            throw new RuleCompilationException(problems);
        }
        List<RuleFile> files = new ArrayList<>();
        rules.forEach((name, descrs) -> {
            boolean fileShadow = pack.shadow(name);
            files.add(new RuleFile(name, fileShadow, descrs.stream().map(r -> new LoadedRule(r.getName(), r.getLine(),
                    fileShadow || r.getAnnotation("shadow") != null)).toList()));
        });
        return new CompiledRules(pack, kieBase, files);
    }

    /** The DSL files by name: the shipped one, then the pack's, which may replace it. */
    private Map<String, DSLMapping> dsls(RulePack pack, List<RuleProblem> problems) {
        Map<String, DSLMapping> dsls = new LinkedHashMap<>();
        parseDsl(SHIPPED_DSL + " (shipped)", shippedDsl, problems).ifPresent(d -> dsls.put(SHIPPED_DSL, d));
        pack.sources().forEach((name, text) -> {
            if (name.endsWith(".dsl")) {
                parseDsl(name, text, problems).ifPresent(d -> dsls.put(name.substring(name.lastIndexOf('/') + 1), d));
            }
        });
        return dsls;
    }

    private static Optional<DSLMapping> parseDsl(String name, String text, List<RuleProblem> problems) {
        DSLTokenizedMappingFile file = new DSLTokenizedMappingFile();
        try {
            if (file.parseAndLoad(new StringReader(text)) && file.getErrors().isEmpty()) {
                return Optional.of(file.getMapping());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        Set<RuleProblem> distinct = new LinkedHashSet<>(); // the DSL reader reports some errors twice
        for (KnowledgeBuilderResult error : file.getErrors()) {
            int[] lines = error.getLines();
            distinct.add(new RuleProblem(name, lines.length > 0 ? lines[0] : 0, error.getMessage()
                    + " (a DSL line reads [when]sentence with {placeholders}=DRL; characters outside ASCII"
                    + " letters are written as \\uXXXX)"));
        }
        problems.addAll(distinct);
        return Optional.empty();
    }

    /** The rules a file declares, with their lines; none when it does not parse (the build says why). */
    private static List<RuleDescr> parse(String drl) {
        try {
            DrlParser parser = new DrlParser();
            PackageDescr descr = parser.parse(false, drl);
            return descr == null || parser.hasErrors() ? List.of() : descr.getRules();
        } catch (DroolsParserException e) {
            return List.of();
        }
    }

    /**
     * Findings, shadow flags and the audit name rules by name alone, so a name may be used once in the
     * whole pack even across Drools packages.
     */
    private static boolean refuseDuplicates(Map<String, List<RuleDescr>> rules, List<RuleProblem> problems) {
        Map<String, String> seen = new LinkedHashMap<>();
        boolean found = false;
        for (Map.Entry<String, List<RuleDescr>> file : rules.entrySet()) {
            for (RuleDescr rule : file.getValue()) {
                String where = file.getKey() + ":" + rule.getLine();
                String first = seen.putIfAbsent(rule.getName(), where);
                if (first != null) {
                    found = true;
                    problems.add(new RuleProblem(file.getKey(), rule.getLine(), "rule \"" + rule.getName()
                            + "\" is also defined at " + first + ": rename one, rule names are unique across the pack"));
                }
            }
        }
        return found;
    }

    private static KieBase build(RulePack pack, Map<String, String> drl, Map<String, List<RuleDescr>> rules,
                                 List<RuleProblem> problems) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        CompositeKnowledgeBuilder batch = builder.batch();
        drl.forEach((name, text) -> batch.add(ResourceFactory.newByteArrayResource(text.getBytes(StandardCharsets.UTF_8))
                .setSourcePath(name), ResourceType.DRL));
        batch.build();
        if (!builder.hasErrors()) {
            return builder.newKieBase();
        }
        for (KnowledgeBuilderResult error : builder.getErrors()) {
            String file = error.getResource() == null ? "?" : error.getResource().getSourcePath();
            String message = tidy(error.getMessage());
            if (message.equals("Parser returned a null Package")) {
                continue; // follows the parser's own errors, which say where
            }
            int line = error.getLines().length > 0 ? error.getLines()[0] : 0;
            if (line < 1 && error instanceof DescrBuildError build) {
                // an expression without a line of its own: its pattern's, else its rule's
                line = build.getDescr() != null && build.getDescr().getLine() > 0 ? build.getDescr().getLine()
                        : build.getParentDescr() != null ? build.getParentDescr().getLine() : 0;
            }
            if (line < 1) {
                line = ruleLine(rules.getOrDefault(file, List.of()), message);
            }
            line = expressionLine(drl.getOrDefault(file, ""), line, message);
            if (message.startsWith("Unable to resolve ObjectType")) {
                message += ": no fact type of that name is imported (facts live in dev.hearth.rules.facts)";
            }
            if (file.endsWith(".dslr") && line > 0) {
                String written = lineOf(pack.sources().get(file), line);
                if (!written.equals(lineOf(drl.get(file), line))) {
                    message += " (in the expansion of '" + written + "')";
                }
            }
            problems.add(new RuleProblem(file, line, message));
        }
        return null;
    }

    /**
     * mvel's errors carry the line of the rule, not of the expression: find the expression the message
     * quotes in the rule's text, so a sentence's error points at the sentence.
     */
    private static int expressionLine(String drl, int ruleLine, String message) {
        Matcher m = EXPRESSION.matcher(message);
        if (ruleLine < 1 || !m.find()) {
            return ruleLine;
        }
        String[] lines = drl.split("\r?\n", -1);
        for (int i = ruleLine - 1; i < lines.length; i++) {
            if (lines[i].contains(m.group(1))) {
                return i + 1;
            }
        }
        return ruleLine;
    }

    private static String lineOf(String text, int line) {
        String[] lines = text.split("\r?\n", -1);
        return line <= lines.length ? lines[line - 1].strip() : "";
    }

    /** Drools reports some errors without a line but with the rule's name: point at the rule. */
    private static int ruleLine(List<RuleDescr> rules, String message) {
        Matcher m = RULE_NAME.matcher(message);
        if (m.find()) {
            for (RuleDescr r : rules) {
                if (r.getName().equals(m.group(1))) {
                    return r.getLine();
                }
            }
        }
        return 0;
    }

    /** One line: Drools' messages span lines with carets under the expression. */
    private static String tidy(String message) {
        return message.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.matches("\\^.*"))
                .collect(Collectors.joining(" "));
    }
}

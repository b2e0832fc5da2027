package dev.hearth.rules.authoring;

import dev.hearth.rules.RuleCompilationException;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.RuleProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RuleDirectoryTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsRuleFilesOnlyAndMarksShadowByDirectoryOrMarker() throws IOException {
        write("hardware.drl", "package a;\n");
        write("sentences.dslr", "package a;\nexpander hearth.dsl\n");
        write("team.dsl", "[when]x=y\n");
        write("README.md", "# not a rule\n");
        write("hardware.drl.bak", "junk");
        write(".editor/swap.drl", "junk");
        write("shadow/trial.drl", "package a;\n");
        write("marked.drl", "// Power rules under trial.\n//   hearth: shadow  \n\npackage a;\n");
        write("late.drl", "package a;\n// hearth: shadow\n");

        RulePack pack = RulePack.fromDirectory(dir);

        assertThat(pack.sources()).containsOnlyKeys("hardware.drl", "sentences.dslr", "team.dsl", "shadow/trial.drl",
                "marked.drl", "late.drl");
        assertThat(pack.shadowFiles()).containsExactly("marked.drl", "shadow/trial.drl");
        assertThat(pack.sources().get("hardware.drl")).isEqualTo("package a;\n");
    }

    @Test
    void anEmptyDirectoryOrOneWithoutRulesIsRefused() throws IOException {
        write("notes.txt", "x");
        write("only.dsl", "[when]x=y\n");
        RuleCompilationException e = catchThrowableOfType(RuleCompilationException.class,
                () -> RulePack.fromDirectory(dir));
        assertThat(e.problems()).containsExactly(RuleProblem.ofFile(dir.toString(),
                "holds no rule files: put .drl or .dslr files in it (see rules-engine/AUTHORING.md)"));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = dir.resolve("nope");
        assertThat(catchThrowableOfType(RuleCompilationException.class, () -> RulePack.fromDirectory(missing)))
                .hasMessageContaining(missing + ": is not a directory");
    }

    @Test
    void unreadableAndNonUtf8FilesAreNamedEachOnce() throws IOException {
        write("good.drl", "package a;\n");
        Files.createSymbolicLink(dir.resolve("gone.drl"), dir.resolve("deleted-target.drl"));
        Files.write(dir.resolve("latin1.drl"), new byte[] {'/', '/', ' ', (byte) 0xB0, 'C', '\n'});

        RuleCompilationException e = catchThrowableOfType(RuleCompilationException.class,
                () -> RulePack.fromDirectory(dir));

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0).toString()).startsWith("gone.drl: cannot be read (NoSuchFileException: ")
                .endsWith("): check that it exists and its permissions");
        assertThat(e.problems().get(1)).isEqualTo(RuleProblem.ofFile("latin1.drl", "is not UTF-8 text: save it as UTF-8"));
    }
}

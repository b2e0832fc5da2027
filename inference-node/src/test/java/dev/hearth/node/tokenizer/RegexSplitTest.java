package dev.hearth.node.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The split behaviours, on the example the Hugging Face documentation gives for them. */
class RegexSplitTest {
    private static final String TEXT = "the-final--countdown";

    @Test
    void eachBehaviourOnTheDocumentedExample() {
        assertThat(split(SplitBehavior.REMOVED, false)).containsExactly("the", "final", "countdown");
        assertThat(split(SplitBehavior.ISOLATED, false)).containsExactly("the", "-", "final", "-", "-", "countdown");
        assertThat(split(SplitBehavior.MERGED_WITH_PREVIOUS, false)).containsExactly("the-", "final-", "-", "countdown");
        assertThat(split(SplitBehavior.MERGED_WITH_NEXT, false)).containsExactly("the", "-final", "-", "-countdown");
        assertThat(split(SplitBehavior.CONTIGUOUS, false)).containsExactly("the", "-", "final", "--", "countdown");
    }

    @Test
    void invertTreatsTheTextBetweenMatchesAsTheMatches() {
        assertThat(split(SplitBehavior.REMOVED, true)).containsExactly("-", "-", "-");
        // Each word now joins the separator before it; "the" has none to join.
        assertThat(split(SplitBehavior.MERGED_WITH_PREVIOUS, true)).containsExactly("the", "-final", "-", "-countdown");
    }

    @Test
    void digitsSplitOnAnyNumericCharacter() {
        RegexSplit individual = new RegexSplit(Pattern.compile("\\p{N}"), SplitBehavior.ISOLATED, false);
        RegexSplit runs = new RegexSplit(Pattern.compile("\\p{N}"), SplitBehavior.CONTIGUOUS, false);
        assertThat(individual.split(List.of("a12½b"))).containsExactly("a", "1", "2", "½", "b");
        assertThat(runs.split(List.of("a12½b"))).containsExactly("a", "12½", "b");
    }

    private static List<String> split(SplitBehavior behavior, boolean invert) {
        return new RegexSplit(Pattern.compile("-"), behavior, invert).split(List.of(TEXT));
    }
}

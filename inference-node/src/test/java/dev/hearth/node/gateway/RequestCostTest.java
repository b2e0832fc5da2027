package dev.hearth.node.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestCostTest {
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "{0} counts {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"prompt\":\"ping\",\"max_tokens\":3}                 | 7",
            "{\"prompt\":\"ping\"}                                  | 20",
            "{\"prompt\":\"héllo\",\"max_tokens\":1}                | 7",
            "{\"prompt\":[\"ab\",\"c\"],\"max_tokens\":1}           | 4",
            "{\"prompt\":[1,2,3],\"max_tokens\":1}                  | 4",
            "{\"prompt\":\"ping\",\"max_tokens\":\"lots\"}           | 20",
            "{\"prompt\":\"ping\",\"max_tokens\":-5}                | 20",
            "{\"max_tokens\":10}                                    | 10",
            "[1,2]                                                  | 5",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"system\",\"content\":\"abc\"}],\"max_tokens\":2} | 7",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hey\"}]}],\"max_tokens\":1} | 4",
            "{\"messages\":[{\"role\":\"user\"}],\"max_tokens\":1}  | 1",
            "not json                                               | 8"})
    void countsMaxTokensPlusPromptBytes(String body, long expected) {
        assertThat(RequestCost.of(body.strip().getBytes(StandardCharsets.UTF_8), json)).isEqualTo(expected);
    }
}

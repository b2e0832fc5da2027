package dev.hearth.node.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompletionRequestTest {
    private final ObjectMapper json = new ObjectMapper();

    private CompletionRequest parse(String body) throws Exception {
        return CompletionRequest.parse(json.readTree(body), 77);
    }

    @Test
    void appliesOpenAiDefaults() throws Exception {
        CompletionRequest r = parse("{\"prompt\":\"hi\"}");
        assertThat(r.prompt()).isEqualTo("hi");
        assertThat(r.maxTokens()).isEqualTo(16);
        assertThat(r.sampling().temperature()).isEqualTo(1.0);
        assertThat(r.sampling().topP()).isEqualTo(1.0);
        assertThat(r.sampling().seed()).isEqualTo(77);
        assertThat(r.model()).isNull();
    }

    @Test
    void readsEveryField() throws Exception {
        CompletionRequest r = parse("{\"model\":\"m\",\"prompt\":[\"hi\"],\"max_tokens\":3,\"temperature\":0,"
                + "\"top_p\":0.5,\"seed\":9,\"user\":\"ignored\"}");
        assertThat(r).extracting(CompletionRequest::model, CompletionRequest::prompt, CompletionRequest::maxTokens)
                .containsExactly("m", "hi", 3);
        assertThat(r.sampling().seed()).isEqualTo(9);
        assertThat(r.sampling().topP()).isEqualTo(0.5);
    }

    @Test
    void refusesBadFieldsNamingThem() {
        assertThatThrownBy(() -> parse("{}")).isInstanceOf(ApiException.class).hasMessageContaining("'prompt' is required");
        assertThatThrownBy(() -> parse("{\"prompt\":1}")).hasMessageContaining("'prompt' must be a string");
        assertThatThrownBy(() -> parse("{\"prompt\":\"a\",\"max_tokens\":0}"))
                .hasMessageContaining("'max_tokens' must be between 1 and");
        assertThatThrownBy(() -> parse("{\"prompt\":\"a\",\"max_tokens\":1.5}"))
                .hasMessageContaining("'max_tokens' must be an integer");
        assertThatThrownBy(() -> parse("{\"prompt\":\"a\",\"temperature\":3}"))
                .hasMessageContaining("'temperature' must be between 0.0 and 2.0, got 3.0");
        assertThatThrownBy(() -> parse("{\"prompt\":\"a\",\"top_p\":0}")).hasMessageContaining("'top_p'");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("JSON object");
        ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> parse("{\"prompt\":\"a\",\"seed\":\"x\"}"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.body().error().param()).isEqualTo("seed");
        assertThat(e.body().error().type()).isEqualTo("invalid_request_error");
    }
}

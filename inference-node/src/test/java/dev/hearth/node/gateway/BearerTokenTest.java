package dev.hearth.node.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenTest {

    @Test
    void readsTheTokenOfTheBearerSchemeInAnyCase() {
        assertThat(Gateway.bearerToken("Bearer hh-abc")).isEqualTo("hh-abc");
        assertThat(Gateway.bearerToken("bearer   hh-abc  ")).isEqualTo("hh-abc");
        assertThat(Gateway.bearerToken("BEARER hh-abc")).isEqualTo("hh-abc");
    }

    @Test
    void anythingElseIsNoToken() {
        assertThat(Gateway.bearerToken(null)).isNull();
        assertThat(Gateway.bearerToken("")).isNull();
        assertThat(Gateway.bearerToken("Bearer")).isNull();
        assertThat(Gateway.bearerToken("Bearer    ")).isNull();
        assertThat(Gateway.bearerToken("Basic dXNlcjpwYXNz")).isNull();
        assertThat(Gateway.bearerToken("hh-abc")).isNull();
    }
}

package dev.hearth.collector.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class DataSourcesTest {

    @ParameterizedTest
    @CsvSource({
            "jdbc:postgresql://h/db?user=u&password=p&ssl=true, jdbc:postgresql://h/db?user=u&ssl=true",
            "jdbc:postgresql://h/db?password=p&user=u,           jdbc:postgresql://h/db?user=u",
            "jdbc:postgresql://h/db?user=u&PASSWORD=p,           jdbc:postgresql://h/db?user=u",
            "jdbc:postgresql://h/db?password=p,                  jdbc:postgresql://h/db",
            "jdbc:postgresql://h/db?user=u,                      jdbc:postgresql://h/db?user=u"})
    void removesThePasswordFromUrlsInMessages(String url, String redacted) {
        assertThat(DataSources.redact(url)).isEqualTo(redacted);
    }

    @Test
    void refusesAUrlThatIsNotPostgres() {
        assertThatThrownBy(() -> DataSources.pooled("jdbc:mysql://h/db?password=p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("database URL 'jdbc:mysql://h/db' is not a PostgreSQL JDBC URL; "
                        + "pass --db jdbc:postgresql://HOST:5432/DATABASE?user=USER");
    }
}

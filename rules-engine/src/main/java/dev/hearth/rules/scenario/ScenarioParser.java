package dev.hearth.rules.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;

/** Reads scenario files; every problem is reported with the file, the YAML line and the fix. */
public final class ScenarioParser {
    private final ObjectMapper yaml;

    public ScenarioParser() {
        SimpleModule times = new SimpleModule("scenario-times");
        times.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw JsonMappingException.from(p, "'" + p.getText()
                            + "' is not a duration; write it with a unit, e.g. 30s, 2m, 1h, 3d");
                }
                try {
                    return ScenarioDurations.parse(p.getText());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage());
                }
            }
        });
        times.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                try {
                    return Instant.parse(p.getText());
                } catch (DateTimeParseException e) {
                    throw JsonMappingException.from(p, "'" + p.getText()
                            + "' is not an instant; write it in UTC, e.g. 2026-11-28T10:00:00Z");
                }
            }
        });
        // .nan and .inf are YAML's spelling of bad readings, which scenarios use to test the fact loader
        times.addDeserializer(Double.class, new JsonDeserializer<>() {
            @Override
            public Double deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                String text = p.getText().strip();
                switch (text.toLowerCase(java.util.Locale.ROOT)) {
                    case ".nan", "nan":
                        return Double.NaN;
                    case ".inf", "+.inf", "inf":
                        return Double.POSITIVE_INFINITY;
                    case "-.inf", "-inf":
                        return Double.NEGATIVE_INFINITY;
                    default:
                        try {
                            return Double.parseDouble(text);
                        } catch (NumberFormatException e) {
                            throw JsonMappingException.from(p, "'" + text + "' is not a number");
                        }
                }
            }
        });
        this.yaml = new ObjectMapper(new YAMLFactory()).registerModule(times)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public Scenario parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioFormatException(file.toString(), 0, "cannot read the file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** @param source the file name, for messages */
    public Scenario parse(String source, String text) {
        try {
            Scenario scenario = yaml.readValue(text, Scenario.class);
            if (scenario == null) {
                throw new ScenarioFormatException(source, 0, "the file is empty; see rules-engine/SCENARIOS.md");
            }
            return scenario;
        } catch (UnrecognizedPropertyException e) {
            throw new ScenarioFormatException(source, line(e), "unknown field '" + e.getPropertyName()
                    + "'; known fields here: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ScenarioFormatException(source, line(e), cause.getMessage());
        } catch (JsonProcessingException e) {
            throw new ScenarioFormatException(source, line(e), e.getOriginalMessage());
        }
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }
}

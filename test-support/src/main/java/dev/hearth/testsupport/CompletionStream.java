package dev.hearth.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * One streamed completion read to its end, as a client sees it: the HTTP status, the text of its
 * chunks, the finish reason and any error chunk. Tests of streaming under failover and placement
 * changes read their streams with it.
 *
 * @param error the first chunk that carried an error, or null
 */
public record CompletionStream(int status, String text, String finishReason, int chunks, String error) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * POSTs {@code body} to {@code base}'s {@code /v1/completions} and reads the server-sent events;
     * {@code started} counts down once the third chunk has arrived (or at the end, if it never does).
     */
    public static CompletionStream read(HttpClient client, URI base, String body, CountDownLatch started)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(base.resolve("/v1/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        String finish = null;
        String error = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("data: {")) {
                    continue;
                }
                JsonNode chunk = JSON.readTree(line.substring(6));
                if (chunk.has("error") && error == null) {
                    error = line;
                }
                JsonNode choice = chunk.path("choices").path(0);
                text.append(choice.path("text").asText());
                if (choice.hasNonNull("finish_reason")) {
                    finish = choice.path("finish_reason").asText();
                }
                if (++chunks == 3) {
                    started.countDown();
                }
            }
        } finally {
            if (chunks < 3) {
                started.countDown();
            }
        }
        return new CompletionStream(r.statusCode(), text.toString(), finish, chunks, error);
    }

    /** Whether the stream answered 200, carried no error and ended with a finish reason. */
    public boolean completed() {
        return status == 200 && error == null && ("length".equals(finishReason) || "stop".equals(finishReason));
    }
}

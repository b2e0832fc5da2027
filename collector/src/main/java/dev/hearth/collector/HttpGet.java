package dev.hearth.collector;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/** The one way sources fetch a document: a 200 answer's body, or a {@link CollectException} naming the URL. */
final class HttpGet {
    private HttpGet() {
    }

    /** @param timeoutText how the timeout reads in an error, e.g. "PT2S" or "the Redfish timeout PT2S" */
    static String body(HttpClient http, HttpRequest request, String timeoutText) throws CollectException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new CollectException("GET " + request.uri() + " did not answer within " + timeoutText, e);
        } catch (IOException e) {
            throw new CollectException("GET " + request.uri() + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectException("GET " + request.uri() + " was interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new CollectException("GET " + request.uri() + " answered HTTP " + response.statusCode()
                    + " (expected 200)");
        }
        return response.body();
    }

    /** The HTTP client's IOExceptions often carry no message (a refused connection): name the type too. */
    private static String describe(IOException e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }
}

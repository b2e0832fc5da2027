package dev.hearth.collector;

import java.io.IOException;

/** Turns I/O failures into text for error messages. */
final class IoErrors {
    private IoErrors() {
    }

    /** The HTTP client's IOExceptions often carry no message (a refused connection): name the type too. */
    static String describe(IOException e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }
}

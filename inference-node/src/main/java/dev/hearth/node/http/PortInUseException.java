package dev.hearth.node.http;

/** A server could not bind its port because something else listens there. */
public final class PortInUseException extends RuntimeException {
    private final String server;

    public PortInUseException(String server, int port, Throwable cause) {
        super("port " + port + " for the " + server + " is already in use", cause);
        this.server = server;
    }

    public String server() {
        return server;
    }
}

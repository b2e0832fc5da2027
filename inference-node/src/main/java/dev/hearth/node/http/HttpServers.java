package dev.hearth.node.http;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.util.JavalinBindException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.function.Consumer;

/** Starts the HTTP servers of Hearth's components the same way: loopback only, small thread pool, quiet. */
public final class HttpServers {
    public static final String LOOPBACK = "127.0.0.1";

    private HttpServers() {
    }

    /**
     * @param server a name for errors and thread names, e.g. "gateway"
     * @param port   0 for any free port
     * @throws PortInUseException when {@code port} is taken
     */
    public static Javalin startLoopback(String server, int port, Consumer<RoutesConfig> routes) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 2, 30_000);
        threads.setName("http-" + server);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.threadPool = threads;
            routes.accept(cfg.routes);
        });
        try {
            app.start(LOOPBACK, port);
        } catch (JavalinBindException e) {
            throw new PortInUseException(server, port, e);
        }
        return app;
    }
}

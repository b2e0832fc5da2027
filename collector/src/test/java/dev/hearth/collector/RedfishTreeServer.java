package dev.hearth.collector;

import io.javalin.Javalin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test server for a Redfish tree laid out as the DMTF mockups are: the tree's root folder is
 * {@code /redfish/v1} and each resource is {@code <url path>/index.json}. Single documents can be
 * replaced (or added) in memory to serve broken replies.
 */
final class RedfishTreeServer implements AutoCloseable {
    private static final String ROOT = "/redfish/v1";

    private final Path tree;
    private final Map<String, String> overrides = new ConcurrentHashMap<>();
    private final Javalin server;

    private RedfishTreeServer(Path tree) {
        this.tree = tree.toAbsolutePath().normalize();
        this.server = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/*", ctx -> {
                String body = document(ctx.path());
                if (body == null) {
                    ctx.status(404).contentType("application/json").result("{\"error\":\"no such resource\"}");
                } else {
                    ctx.contentType("application/json").result(body);
                }
            });
        }).start("127.0.0.1", 0);
    }

    /** Serves the tree in {@code folder} (a folder on disk). */
    static RedfishTreeServer serving(Path folder) {
        return new RedfishTreeServer(folder);
    }

    /** Serves a tree from the test resources, e.g. {@code redfish/gpu-node}. */
    static RedfishTreeServer servingResource(String name) {
        try {
            return serving(Path.of(RedfishTreeServer.class.getClassLoader().getResource(name).toURI()));
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource folder " + name + " is missing", e);
        }
    }

    /** Serves {@code body} for {@code path} (e.g. {@code /redfish/v1/Chassis}) instead of the tree's file. */
    RedfishTreeServer override(String path, String body) {
        overrides.put(path, body);
        return this;
    }

    URI serviceRoot() {
        return URI.create("http://127.0.0.1:" + server.port() + ROOT);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private String document(String path) {
        String normalised = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        String override = overrides.get(normalised);
        if (override != null) {
            return override;
        }
        if (!normalised.equals(ROOT) && !normalised.startsWith(ROOT + "/")) {
            return null;
        }
        Path file = tree.resolve(normalised.substring(ROOT.length()).replaceFirst("^/", "")).resolve("index.json")
                .normalize();
        if (!file.startsWith(tree) || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}

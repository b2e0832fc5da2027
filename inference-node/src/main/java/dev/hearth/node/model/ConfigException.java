package dev.hearth.node.model;

import java.nio.file.Path;

/** A {@code config.json} that cannot describe a model the engine runs; the message names file, field and fix. */
public final class ConfigException extends RuntimeException {

    public ConfigException(Path file, String message) {
        super(file + ": " + message);
    }
}

package dev.hearth.node.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which file of a checkpoint directory holds each tensor. A sharded checkpoint's index is the
 * authority: the model is exactly the tensors its weight_map lists, each of which must be in the
 * file it names. Without an index, every {@code *.safetensors} file in the directory is part of
 * the model, and a name found in two of them is an error.
 */
final class CheckpointLayout implements AutoCloseable {
    static final String INDEX = "model.safetensors.index.json";
    static final String SINGLE = "model.safetensors";

    private final List<SafetensorsFile> files = new ArrayList<>();
    private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    private final Map<String, SafetensorsFile> owners = new LinkedHashMap<>();

    private CheckpointLayout() {
    }

    static CheckpointLayout open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
                    + "; a checkpoint is a directory holding " + SINGLE + " or " + INDEX);
        }
        CheckpointLayout layout = new CheckpointLayout();
        try {
            Path index = dir.resolve(INDEX);
            if (Files.exists(index)) {
                layout.readIndex(dir, index);
            } else {
                layout.readAll(dir);
            }
            return layout;
        } catch (RuntimeException e) {
            layout.closeAfter(e);
            throw e;
        }
    }

    Map<String, TensorInfo> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    SafetensorsFile owner(String name) {
        return owners.get(name);
    }

    private void readIndex(Path dir, Path index) {
        Map<String, String> weightMap = weightMap(index);
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
            String fileName = e.getValue();
            SafetensorsFile file = byName.get(fileName);
            if (file == null) {
                Path path = shardPath(dir, index, e.getKey(), fileName);
                file = SafetensorsFile.open(path);
                files.add(file);
                byName.put(fileName, file);
            }
            TensorInfo info = file.tensors().get(e.getKey());
            if (info == null) {
                throw new CheckpointException(index + " assigns tensor " + e.getKey() + " to " + fileName
                        + ", but that file does not contain it (it holds " + file.tensors().size() + " tensors)");
            }
            tensors.put(e.getKey(), info);
            owners.put(e.getKey(), file);
        }
    }

    private static Map<String, String> weightMap(Path index) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(index.toFile());
        } catch (IOException e) {
            throw new CheckpointException(index + " is not valid JSON (" + e.getMessage() + ")", e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new CheckpointException(index + " needs a non-empty object \"weight_map\" from tensor name to"
                    + " file name, found " + map);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(index + " assigns tensor " + e.getKey() + " to " + e.getValue()
                        + "; expected a file name");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** The shard {@code fileName} inside {@code dir}; an index may not point anywhere else. */
    private static Path shardPath(Path dir, Path index, String tensor, String fileName) {
        Path path = dir.resolve(fileName).normalize();
        if (!dir.normalize().equals(path.getParent())) {
            throw new CheckpointException(index + " assigns tensor " + tensor + " to " + fileName
                    + "; expected a file name inside " + dir);
        }
        if (!Files.isRegularFile(path)) {
            throw new CheckpointException(index + " assigns tensor " + tensor + " to " + fileName + ", but "
                    + path + " does not exist");
        }
        return path;
    }

    private void readAll(Path dir) {
        List<Path> paths;
        try (Stream<Path> list = Files.list(dir)) {
            paths = list.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CheckpointException(dir + " cannot be listed (" + e.getMessage() + ")", e);
        }
        if (paths.isEmpty()) {
            throw new CheckpointException(dir + " holds no " + SINGLE + " and no " + INDEX
                    + "; a checkpoint needs one of them (or other *.safetensors files)");
        }
        for (Path path : paths) {
            SafetensorsFile file = SafetensorsFile.open(path);
            files.add(file);
            for (TensorInfo info : file.tensors().values()) {
                SafetensorsFile other = owners.putIfAbsent(info.name(), file);
                if (other != null) {
                    throw new CheckpointException(path + ": tensor " + info.name() + " is also in " + other.path()
                            + "; without " + INDEX + " each tensor must be in exactly one file");
                }
                tensors.put(info.name(), info);
            }
        }
    }

    private void closeAfter(RuntimeException failure) {
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

package dev.hearth.node.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed and validated safetensors header: tensors in header order, and the free-form metadata. */
record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata) {

    Header {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}

package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A parsed YAML document: its tree and the line each key or list item starts on, so that a
 * message can say where a wrong value is.
 */
record YamlDocument(JsonNode root, Map<KeyPath, Integer> lines) {

    /** The line of {@code path}, or of its nearest ancestor that has one, or 0 if none does. */
    int lineOf(KeyPath path) {
        for (KeyPath at = path; ; at = at.parent()) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
            if (at.isRoot()) {
                return 0;
            }
        }
    }
}

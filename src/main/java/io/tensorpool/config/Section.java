package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One mapping of the config (the top level, {@code input}, {@code input.tensor}, an op, ...) with
 * its key path and the name messages call it by.
 */
final class Section {

    private final ObjectNode node;
    private final KeyPath path;
    private final String name;

    private Section(ObjectNode node, KeyPath path, String name) {
        this.node = node;
        this.path = path;
        this.name = name;
    }

    static Section root(ObjectNode node) {
        return new Section(node, KeyPath.ROOT, null);
    }

    /**
     * The mapping at {@code path}. A null value, as left by {@code errors:} with every line below
     * it commented out, reads as an empty mapping.
     *
     * @param name     what messages call it, e.g. {@code input.tensor} or {@code max_pool2d}
     * @param expected what to write instead of a value that is not a mapping
     */
    static Section of(JsonNode value, KeyPath path, String name, String expected) {
        if (value == null || value.isNull()) {
            return new Section(JsonNodeFactory.instance.objectNode(), path, name);
        }
        if (!value.isObject()) {
            throw Values.wrong(value, path, expected);
        }
        return new Section((ObjectNode) value, path, name);
    }

    KeyPath path() {
        return path;
    }

    /** The key path of {@code key} in this section. */
    KeyPath at(String key) {
        return path.key(key);
    }

    /** True when the key is written, even with a null value. */
    boolean has(String key) {
        return node.has(key);
    }

    /** The value of {@code key}, or {@code null} when the key is not written. */
    JsonNode get(String key) {
        return node.get(key);
    }

    /** The value of a required key. */
    JsonNode require(String key, String howToFix) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw new ConfigProblem(at(key), "is missing; " + howToFix);
        }
        return value;
    }

    /**
     * Rejects the first key (in the file's order) that is not in {@code allowed}. The message is
     * {@code elsewhere}'s explanation when it has one (the key is valid somewhere else), else the
     * nearest valid spelling, else the list of valid keys.
     */
    void rejectUnknownKeys(List<String> allowed, Function<String, Optional<String>> elsewhere) {
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (allowed.contains(key)) {
                continue;
            }
            String notHere = "is not " + (name == null ? "a top-level key" : "a key of " + name);
            String detail = elsewhere.apply(key)
                    .or(() -> Suggestions.nearest(key, allowed).map(s -> notHere + "; did you mean " + s + "?"))
                    .orElse(notHere + "; valid keys are " + String.join(", ", allowed));
            throw new ConfigProblem(at(key), detail);
        }
    }
}

package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One mapping as written in a config (the top level, {@code input}, {@code input.tensor}, an op,
 * ...) with its key path and the name messages call it by. For a mapping that is a
 * {@link ConfigSection}, it reads the section's {@link ConfigKey}s and remembers each value, so
 * that a binder reads the keys its rules concern first, in the rules' order, and
 * {@link #values()} reads the rest.
 */
final class Section {

    private final ObjectNode node;
    private final KeyPath path;
    private final String name;
    private final ConfigSection definition;
    private final Map<ConfigKey<?>, Object> read = new LinkedHashMap<>();

    private Section(ObjectNode node, KeyPath path, String name, ConfigSection definition) {
        this.node = node;
        this.path = path;
        this.name = name;
        this.definition = definition;
    }

    static Section root(ObjectNode node, ConfigSection definition) {
        return new Section(node, KeyPath.ROOT, null, definition);
    }

    /**
     * The mapping at {@code path}. A null value, as left by {@code errors:} with every line below
     * it commented out, reads as an empty mapping.
     *
     * @param name       what messages call it, e.g. {@code input.tensor} or {@code max_pool2d}
     * @param expected   what to write instead of a value that is not a mapping
     * @param definition the section it is, or {@code null} for an entry of {@code ops}
     */
    static Section of(JsonNode value, KeyPath path, String name, String expected, ConfigSection definition) {
        if (value == null || value.isNull()) {
            return new Section(JsonNodeFactory.instance.objectNode(), path, name, definition);
        }
        if (!value.isObject()) {
            throw Values.wrong(value, path, expected);
        }
        return new Section((ObjectNode) value, path, name, definition);
    }

    KeyPath path() {
        return path;
    }

    /** The key path of {@code key} in this section. */
    KeyPath at(String key) {
        return path.key(key);
    }

    KeyPath at(ConfigKey<?> key) {
        return at(key.name());
    }

    /** True when the key is written, even with a null value. */
    boolean has(String key) {
        return node.has(key);
    }

    boolean has(ConfigKey<?> key) {
        return has(key.name());
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
     * The value of {@code key}: the written value read by the key's reader, else its default, or
     * a "missing" problem for a required key. Read once; later calls return the same value.
     */
    <T> T read(ConfigKey<T> key) {
        if (key.required()) {
            return require(key, key.whenMissing());
        }
        return remember(key, () -> has(key) ? key.read(get(key.name()), at(key)) : key.defaultValue());
    }

    /** As {@link #read}, but required here, where a rule between keys asks for it. */
    <T> T require(ConfigKey<T> key, String howToFix) {
        return remember(key, () -> key.read(require(key.name(), howToFix), at(key)));
    }

    /**
     * Records that {@code key} does not apply here, as a rule between keys found: not set. A
     * written value is an error: {@code ifWritten} continues "KEY " with what is wrong and how
     * to fix it.
     */
    void notApplicable(ConfigKey<?> key, String ifWritten) {
        if (has(key)) {
            throw new ConfigProblem(at(key), ifWritten);
        }
        read.put(key, null);
    }

    /** Records a value a rule between keys decided instead of reading the key. */
    <T> void decide(ConfigKey<T> key, T value) {
        read.put(key, value);
    }

    /** Every key of the section with its value, in definition order; keys not read yet are read now. */
    Map<ConfigKey<?>, Object> values() {
        Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
        for (ConfigKey<?> key : definition.keys()) {
            values.put(key, read(key));
        }
        return values;
    }

    private <T> T remember(ConfigKey<T> key, java.util.function.Supplier<T> reading) {
        if (read.containsKey(key)) {
            @SuppressWarnings("unchecked")
            T known = (T) read.get(key);
            return known;
        }
        T value = reading.get();
        read.put(key, value);
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

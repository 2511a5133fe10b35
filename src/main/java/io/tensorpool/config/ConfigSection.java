package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tensorpool.config.ConfigKey.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One mapping section of the config file ({@code input}, {@code input.tensor}, {@code output},
 * {@code errors}, or the top level): every name that may be written in it, in the order messages
 * list them, and the {@link ConfigKey}s among them. Sections and keys register here as
 * {@link ConfigKeys} defines them, so the list of valid keys, the "did you mean" suggestions and
 * "it belongs at ..." all come from the definitions.
 */
final class ConfigSection {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ConfigSection parent;
    private final String name;
    private final String expected;
    private final List<String> names = new ArrayList<>();
    private final List<ConfigKey<?>> keys = new ArrayList<>();
    /** True for the mapping of each entry of a list, such as {@code outputs}, which "it belongs at" does not point to. */
    private boolean listEntry;
    /** On the root only: every section, in definition order. */
    private final List<ConfigSection> sections;

    private ConfigSection(ConfigSection parent, String name, String expected) {
        this.parent = parent;
        this.name = name;
        this.expected = expected;
        this.sections = parent == null ? new ArrayList<>() : null;
        top().sections.add(this);
    }

    /** The top level of the config file. */
    static ConfigSection root() {
        return new ConfigSection(null, "", null);
    }

    /**
     * A mapping written under {@code key} in this section.
     *
     * @param expected what to write instead of a value that is not a mapping, or {@code null} for
     *                 "a mapping with" and every name of the section
     */
    ConfigSection section(String key, String expected) {
        names.add(key);
        return new ConfigSection(this, isRoot() ? key : name + "." + key, expected);
    }

    /**
     * A list written under {@code key} in this section, each entry a mapping of the returned
     * section, such as {@code outputs}. Its keys are not offered as where a misplaced key belongs:
     * a key such as {@code column} written in the wrong mapping is far likelier meant for a mapping
     * of its own name.
     */
    ConfigSection listOf(String key, String expected) {
        ConfigSection section = section(key, expected);
        section.listEntry = true;
        return section;
    }

    /** A name that is neither a key nor a mapping section, such as the list {@code ops}; returns it. */
    String entry(String key) {
        names.add(key);
        return key;
    }

    /** A key with a default and a reader. */
    <T> ConfigKey<T> key(String key, T defaultValue, Reader<T> reader, Function<T, JsonNode> renderer) {
        return add(new ConfigKey<>(this, key, defaultValue, null, reader, renderer));
    }

    /** A key the config must write; {@code whenMissing} says how, after "KEY is missing; ". */
    <T> ConfigKey<T> required(String key, String whenMissing, Reader<T> reader, Function<T, JsonNode> renderer) {
        return add(new ConfigKey<>(this, key, null, whenMissing, reader, renderer));
    }

    /** A required text key, such as a path: non-blank, {@code expected} shown when it is not. */
    ConfigKey<String> requiredText(String key, String whenMissing, String expected) {
        return required(key, whenMissing, (value, path) -> Values.text(value, path, expected), NODES::textNode);
    }

    /** An optional text key, not set unless written. */
    ConfigKey<String> optionalText(String key, String expected) {
        return key(key, null, (value, path) -> Values.text(value, path, expected), NODES::textNode);
    }

    /** A choice among the constants of {@code type}, by their config names. */
    <E extends Enum<E> & ConfigEnum> ConfigKey<E> choice(String key, Class<E> type, E defaultValue) {
        return key(key, defaultValue, (value, path) -> Values.choice(value, path, type),
                constant -> NODES.textNode(constant.configName()));
    }

    private <T> ConfigKey<T> add(ConfigKey<T> key) {
        names.add(key.name());
        keys.add(key);
        return key;
    }

    boolean isRoot() {
        return parent == null;
    }

    /** The name it is written under in its parent, e.g. {@code tensor}. */
    String key() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The dotted name, e.g. {@code input.tensor}; empty for the top level. */
    String name() {
        return name;
    }

    KeyPath path() {
        return isRoot() ? KeyPath.ROOT : KeyPath.parse(name);
    }

    /** Every name that may be written here, keys and sections alike, in definition order. */
    List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /** The keys of this section, in definition order. */
    List<ConfigKey<?>> keys() {
        return Collections.unmodifiableList(keys);
    }

    /**
     * Opens the mapping written for this section at {@code path}: a null value (every line below
     * it commented out) reads as an empty mapping, any other value that is not a mapping is an
     * error, and so is the first name (in the file's order) this section does not have.
     */
    Section open(JsonNode value, KeyPath path) {
        Section section = Section.of(value, path, isRoot() ? null : name, expected(), this);
        section.rejectUnknownKeys(names, elsewhere(name));
        return section;
    }

    private String expected() {
        if (expected != null) {
            return expected;
        }
        return "a mapping with " + (names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1));
    }

    /** The section named {@code name} (dotted) in this section's config. */
    ConfigSection find(String name) {
        for (ConfigSection section : top().sections) {
            if (section.name.equals(name)) {
                return section;
            }
        }
        throw new IllegalArgumentException("no config section " + name);
    }

    private ConfigSection top() {
        ConfigSection at = this;
        while (at.parent != null) {
            at = at.parent;
        }
        return at;
    }

    /**
     * For a name written in the wrong place: where it belongs, e.g. {@code format} in
     * {@code output} gives "is not a key of output; it belongs at input.format". Empty when the
     * name is valid nowhere, so that the nearest spelling is suggested instead.
     *
     * @param where the dotted name of the section the key was found in ({@code ""} for the top
     *              level), or an operator's name for an entry of {@code ops}
     */
    Function<String, Optional<String>> elsewhere(String where) {
        String notHere = "is not " + (where.isEmpty() ? "a top-level key" : "a key of " + where);
        return key -> {
            List<String> places = new ArrayList<>();
            for (ConfigSection section : top().sections) {
                if (!section.name.equals(where) && !section.listEntry && section.names.contains(key)) {
                    places.add(section.isRoot() ? key : section.name + "." + key);
                }
            }
            if (!places.isEmpty()) {
                return Optional.of(notHere + "; it belongs at " + String.join(" or ", places));
            }
            if (key.equals(OpKind.OP_KEY) || !OpKind.taking(key).isEmpty()) {
                return Optional.of(notHere + "; " + key + " is an operator parameter, so put it on an entry of ops");
            }
            return Optional.empty();
        };
    }
}

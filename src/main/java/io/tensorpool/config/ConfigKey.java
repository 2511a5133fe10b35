package io.tensorpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Function;

/**
 * One key of the config file, defined once: its name, the section it belongs to, how a written
 * value is read (strictly, with the rule the value alone must follow), its default, and how the
 * effective value renders in the canonical JSON. The loader, the renderer ({@code config_hash}),
 * the {@code --set} overrides and the "did you mean" suggestions all read this definition. The
 * keys themselves are in {@link ConfigKeys} (sections) and {@code OpParameters} (operators);
 * their Javadoc is their documentation.
 *
 * <p>Rules between keys (a {@code quarantine_path} only with quarantining, a {@code dtype} the
 * output layout can hold) are not part of a key: each lives in the binder of its section.
 *
 * @param <T> the Java type of the key's value
 */
public final class ConfigKey<T> {

    /** Reads a written value strictly, or throws a {@link ConfigProblem} naming the key path. */
    @FunctionalInterface
    interface Reader<T> {
        T read(JsonNode value, KeyPath path);
    }

    private final ConfigSection section;
    private final String name;
    private final T defaultValue;
    private final String whenMissing;
    private final Reader<T> reader;
    private final Function<T, JsonNode> renderer;

    /**
     * @param section      the section the key is written in, or {@code null} for an operator parameter
     * @param defaultValue the value when the key is not written; {@code null} for "not set" (left out
     *                     of a section's canonical JSON)
     * @param whenMissing  for a required key, how to fix its absence; {@code null} when it is optional
     * @param renderer     the value as canonical JSON; called with non-null values only
     */
    ConfigKey(ConfigSection section, String name, T defaultValue, String whenMissing, Reader<T> reader,
              Function<T, JsonNode> renderer) {
        this.section = section;
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
        this.whenMissing = whenMissing;
        this.reader = Objects.requireNonNull(reader, "reader");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    /** The key as written in its section, e.g. {@code compression}. */
    public String name() {
        return name;
    }

    /** Where the key is written, e.g. {@code output.compression}; for an operator parameter, its name. */
    public String path() {
        return section == null || section.isRoot() ? name : section.name() + "." + name;
    }

    /** The value the job uses when the key is not written; {@code null} when it is then not set. */
    public T defaultValue() {
        return defaultValue;
    }

    /** True when a config must write the key (where its section applies). */
    public boolean required() {
        return whenMissing != null;
    }

    ConfigSection section() {
        return section;
    }

    KeyPath keyPath() {
        return KeyPath.parse(path());
    }

    /** How to fix the key's absence, continuing "KEY is missing; ". */
    String whenMissing() {
        return whenMissing;
    }

    /** The written {@code value} at {@code path} as the key's type. */
    T read(JsonNode value, KeyPath path) {
        return reader.read(value, path);
    }

    /** The value as canonical JSON, or {@code null} for a value that is not set. */
    JsonNode render(T value) {
        return value == null ? null : renderer.apply(value);
    }

    /** Renders a value read from a settings object, whose type the key's own section guarantees. */
    @SuppressWarnings("unchecked")
    JsonNode renderUnchecked(Object value) {
        return render((T) value);
    }

    @Override
    public String toString() {
        return path();
    }
}

package io.tensorpool.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The effective values of one config section, by {@link ConfigKey}: immutable and serializable,
 * so that the config can be broadcast as is. A key that is not set (an optional path, a key
 * that does not apply to the layout) reads as {@code null}. Two settings are equal when they are
 * of the same section with equal values.
 */
public abstract class Settings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String section;
    /** By key name, in definition order; keys that are not set are left out. */
    private final Map<String, Object> values;

    Settings(ConfigSection section, Map<ConfigKey<?>, Object> values) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (ConfigKey<?> key : section.keys()) {
            Object value = values.get(key);
            if (value != null) {
                byName.put(key.name(), value);
            }
        }
        for (ConfigKey<?> key : values.keySet()) {
            if (key.section() != section) {
                throw new IllegalArgumentException(key + " is not a key of " + section.name());
            }
        }
        this.section = section.name();
        this.values = Collections.unmodifiableMap(byName);
    }

    /**
     * The value of {@code key}, or {@code null} when it is not set.
     *
     * @throws IllegalArgumentException when {@code key} belongs to another section
     */
    public final <T> T get(ConfigKey<T> key) {
        if (key.section() == null || !key.section().name().equals(section)) {
            throw new IllegalArgumentException(key + " is not a key of " + section);
        }
        @SuppressWarnings("unchecked")
        T value = (T) values.get(key.name());
        return value;
    }

    /** The section these are the settings of. */
    ConfigSection section() {
        return ConfigKeys.ROOT.find(section);
    }

    /** Every key of {@code section} at its default, to build settings from values in code. */
    static Values defaults(ConfigSection section) {
        Values values = new Values();
        for (ConfigKey<?> key : section.keys()) {
            values.map.put(key, key.defaultValue());
        }
        return values;
    }

    /** Values by key, typed as each key is, for the constructors that take values in code. */
    static final class Values {
        private final Map<ConfigKey<?>, Object> map = new LinkedHashMap<>();

        <T> Values with(ConfigKey<T> key, T value) {
            map.put(key, value);
            return this;
        }

        Map<ConfigKey<?>, Object> map() {
            return map;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && ((Settings) other).values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), values);
    }

    /** Like a record's: {@code OutputConfig[path=out, mode=error, ...]}. */
    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        values.forEach((key, value) -> entries.add(key + "=" + value));
        return getClass().getSimpleName() + "[" + String.join(", ", entries) + "]";
    }
}

package io.tensorpool.config;

import java.util.List;
import java.util.Locale;

/**
 * An enum whose constants users write in the config file. {@link #configName()} is the one
 * spelling the loader accepts and the canonical JSON renders, by default the constant's name in
 * lower case; {@link #acceptedNames()} adds any alias that means exactly the same thing (so that
 * both spellings hash the same).
 */
public interface ConfigEnum {

    /** The constant's name in Java, as {@link Enum#name()} gives it. */
    String name();

    /** The spelling users write and the effective config shows, e.g. {@code overwrite}. */
    default String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every spelling that selects this constant; the first is {@link #configName()}. */
    default List<String> acceptedNames() {
        return List.of(configName());
    }
}

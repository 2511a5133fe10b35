package io.tensorpool.config;

import java.util.List;

/**
 * An enum whose constants users write in the config file. {@link #configName()} is the one
 * spelling the loader accepts and the canonical JSON renders; {@link #acceptedNames()} adds any
 * alias that means exactly the same thing (so that both spellings hash the same).
 */
public interface ConfigEnum {

    /** The spelling users write and the effective config shows, e.g. {@code overwrite}. */
    String configName();

    /** Every spelling that selects this constant; the first is {@link #configName()}. */
    default List<String> acceptedNames() {
        return List.of(configName());
    }
}

package io.tensorpool.config;

/**
 * {@code output.mode}: what happens when {@code output.path} already exists. Each
 * {@link #configName()} is also the name Spark's {@code DataFrameWriter.mode(String)} accepts.
 */
public enum WriteMode implements ConfigEnum {
    /** Fail if the output exists; the default. */
    ERROR,
    /** Replace the output. */
    OVERWRITE,
    /** Add to the output. */
    APPEND,
    /** Do nothing if the output exists. */
    IGNORE;

    @Override
    public String toString() {
        return configName();
    }
}

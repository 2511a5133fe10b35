package io.tensorpool.config;

/**
 * {@code output.mode}: what happens when {@code output.path} already exists. Each
 * {@link #configName()} is also the name Spark's {@code DataFrameWriter.mode(String)} accepts.
 */
public enum WriteMode implements ConfigEnum {
    /** Fail if the output exists; the default. */
    ERROR("error"),
    /** Replace the output. */
    OVERWRITE("overwrite"),
    /** Add to the output. */
    APPEND("append"),
    /** Do nothing if the output exists. */
    IGNORE("ignore");

    private final String configName;

    WriteMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    @Override
    public String toString() {
        return configName;
    }
}

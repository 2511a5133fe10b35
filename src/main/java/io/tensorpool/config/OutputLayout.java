package io.tensorpool.config;

/** {@code output.layout}: how the pooled tensor column is written. */
public enum OutputLayout implements ConfigEnum {
    /** A Parquet list in C order plus an {@code array<int>} shape column; the default. */
    LIST("list"),
    /** Raw little-endian bytes in C order plus a shape column. */
    BINARY("binary"),
    /** Bytes holding a whole {@code .npy} file. */
    NPY("npy");

    private final String configName;

    OutputLayout(String configName) {
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

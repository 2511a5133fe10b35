package io.tensorpool.config;

/** {@code output.layout}: how the pooled tensor column is written. */
public enum OutputLayout implements ConfigEnum {
    /** A Parquet list in C order plus an {@code array<int>} shape column; the default. */
    LIST,
    /** Raw little-endian bytes in C order plus a shape column. */
    BINARY,
    /** Bytes holding a whole {@code .npy} file. */
    NPY;

    @Override
    public String toString() {
        return configName();
    }
}

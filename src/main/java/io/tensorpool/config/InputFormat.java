package io.tensorpool.config;

/** {@code input.format}: what {@code input.path} points at. */
public enum InputFormat implements ConfigEnum {
    /** Parquet files (a file, folder, glob or partitioned dataset); the default. */
    PARQUET,
    /** A folder of PNG or JPEG files, each decoded into one record (layout {@code encoded}). */
    IMAGE_FILES;

    @Override
    public String toString() {
        return configName();
    }
}

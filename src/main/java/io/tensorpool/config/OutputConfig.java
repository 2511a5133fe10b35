package io.tensorpool.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * {@code output}: where and how the pooled records are written.
 *
 * @param path        {@code path}: the output folder, as any Hadoop file system URI
 * @param mode        {@code mode}: what happens when the output exists
 * @param compression {@code compression}: the Parquet codec
 * @param layout      {@code layout}: how the pooled tensor column is written
 * @param dtype       {@code dtype}: the element type written
 * @param writer      {@code writer}: the Parquet writer that writes the files
 */
public record OutputConfig(String path, WriteMode mode, Compression compression, OutputLayout layout,
                           OutputDType dtype, OutputWriter writer) implements Serializable {

    public OutputConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(writer, "writer");
    }
}

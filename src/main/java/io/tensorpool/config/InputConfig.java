package io.tensorpool.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * {@code input}: what the job reads.
 *
 * @param path   {@code path}: a file, folder, glob or partitioned dataset, as any Hadoop file system URI
 * @param format {@code format}: Parquet or a folder of image files
 * @param tensor {@code tensor}: where each record's tensor is and how it is stored
 */
public record InputConfig(String path, InputFormat format, TensorSpec tensor) implements Serializable {

    public InputConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(tensor, "tensor");
    }
}

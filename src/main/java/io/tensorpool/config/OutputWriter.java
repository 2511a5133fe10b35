package io.tensorpool.config;

/**
 * {@code output.writer}: which Parquet writer writes the output files. Both write the same
 * logical schema and the same values; they differ in speed and in how the pages are laid out.
 */
public enum OutputWriter implements ConfigEnum {
    /**
     * The default: the tensor, shape and indices columns are written a whole record at a time
     * (one bulk copy of its values, one run of levels), every other column by Spark's own
     * Parquet writer. Files that need a Parquet feature the bulk writer does not implement
     * (encryption, bloom filters, data page v2, ...) are written by Spark's writer instead.
     */
    TENSORPOOL,
    /** Spark's own Parquet writer for every column, element by element: the fallback. */
    SPARK;

    @Override
    public String toString() {
        return configName();
    }
}

package io.tensorpool.config;

/**
 * {@code input.reader}: which reader turns the input's Parquet pages into records. Both give the
 * same records, bad records included; they differ in speed.
 */
public enum InputReader implements ConfigEnum {
    /**
     * The default: a {@code list} tensor column of float32 is read by the job itself, a record's
     * values in bulk from PLAIN pages (its levels by runs), every other column by Spark's
     * vectorized reader. Any other input, or a plan the job cannot read this way, is Spark's.
     */
    TENSORPOOL,
    /** Spark's own Parquet reader for every column: the fallback. */
    SPARK;

    @Override
    public String toString() {
        return configName();
    }
}

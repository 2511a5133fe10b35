package io.tensorpool.config;

import static io.tensorpool.config.ConfigKeys.OUTPUT;
import static io.tensorpool.config.ConfigKeys.OUTPUT_COMPRESSION;
import static io.tensorpool.config.ConfigKeys.OUTPUT_DTYPE;
import static io.tensorpool.config.ConfigKeys.OUTPUT_LAYOUT;
import static io.tensorpool.config.ConfigKeys.OUTPUT_MODE;
import static io.tensorpool.config.ConfigKeys.OUTPUT_PATH;
import static io.tensorpool.config.ConfigKeys.OUTPUT_WRITER;

import java.util.Map;
import java.util.Objects;

/**
 * {@code output}: where and how the pooled records are written. Every key of the section is
 * read with {@link #get}; the accessors below are shorthands for the long-standing ones.
 */
public final class OutputConfig extends Settings {
    private static final long serialVersionUID = 1L;

    OutputConfig(Map<ConfigKey<?>, Object> values) {
        super(OUTPUT, values);
    }

    /** These five keys as given, every other key of {@code output} at its default. */
    public OutputConfig(String path, WriteMode mode, Compression compression, OutputLayout layout, OutputDType dtype) {
        this(defaults(OUTPUT).with(OUTPUT_PATH, Objects.requireNonNull(path, "path"))
                .with(OUTPUT_MODE, Objects.requireNonNull(mode, "mode"))
                .with(OUTPUT_COMPRESSION, Objects.requireNonNull(compression, "compression"))
                .with(OUTPUT_LAYOUT, Objects.requireNonNull(layout, "layout"))
                .with(OUTPUT_DTYPE, Objects.requireNonNull(dtype, "dtype")).map());
    }

    /** {@link ConfigKeys#OUTPUT_PATH}. */
    public String path() {
        return get(OUTPUT_PATH);
    }

    /** {@link ConfigKeys#OUTPUT_MODE}. */
    public WriteMode mode() {
        return get(OUTPUT_MODE);
    }

    /** {@link ConfigKeys#OUTPUT_COMPRESSION}. */
    public Compression compression() {
        return get(OUTPUT_COMPRESSION);
    }

    /** {@link ConfigKeys#OUTPUT_LAYOUT}. */
    public OutputLayout layout() {
        return get(OUTPUT_LAYOUT);
    }

    /** {@link ConfigKeys#OUTPUT_DTYPE}. */
    public OutputDType dtype() {
        return get(OUTPUT_DTYPE);
    }

    /** {@link ConfigKeys#OUTPUT_WRITER}. */
    public OutputWriter writer() {
        return get(OUTPUT_WRITER);
    }
}

package io.tensorpool.config;

/**
 * {@code input.tensor.layout}: how the tensor column stores a tensor (see
 * {@code docs/tensor-layouts.md}).
 */
public enum TensorLayout implements ConfigEnum {
    /** A flat numeric array in C order; the shape comes from a shape column or the config. The default. */
    LIST,
    /** Nested arrays, rank 2 to 4; the shape comes from the nesting. */
    NESTED,
    /** Raw little-endian bytes in C order; shape from a column or the config, dtype from the config. */
    BINARY,
    /** Bytes holding a whole {@code .npy} file; shape and dtype from its header. */
    NPY,
    /** Spark's image struct ({@code spark.read.format("image")}): HWC, uint8, BGR(A). */
    IMAGE,
    /** Bytes holding a PNG or JPEG file, decoded to {@code (C, H, W)} uint8. */
    ENCODED;

    /** True for the layouts whose shape must come from {@code shape_column} or {@code shape}. */
    public boolean needsShape() {
        return this == LIST || this == BINARY;
    }

    /** True for the layouts that hold pictures: the only ones with a {@code channel_order}. */
    public boolean isImage() {
        return this == IMAGE || this == ENCODED;
    }

    @Override
    public String toString() {
        return configName();
    }
}

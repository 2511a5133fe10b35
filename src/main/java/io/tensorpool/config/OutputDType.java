package io.tensorpool.config;

/**
 * {@code output.dtype}: the element type written. {@link #KEEP} writes what the pipeline produces
 * (the input type for max-like ops, float32 or float64 for average-like ops).
 */
public enum OutputDType implements ConfigEnum {
    /** The pipeline's own output type; the default. */
    KEEP("keep"),
    FLOAT32("float32"),
    /** Binary and npy layouts only: Spark has no 16-bit float type for a list column. */
    FLOAT16("float16"),
    /** Binary layout only: neither Spark nor the .npy format has a bfloat16 type. */
    BFLOAT16("bfloat16"),
    UINT8("uint8");

    private final String configName;

    OutputDType(String configName) {
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

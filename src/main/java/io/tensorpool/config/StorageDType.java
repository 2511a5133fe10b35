package io.tensorpool.config;

import io.tensorpool.kernel.ElementType;

/**
 * {@code input.tensor.dtype}: the element type of a {@code binary} tensor as stored,
 * little-endian. float16 and bfloat16 are storage-only: they are widened to float32 when decoded.
 */
public enum StorageDType implements ConfigEnum {
    UINT8("uint8", 1, ElementType.UINT8),
    INT8("int8", 1, ElementType.INT8),
    INT16("int16", 2, ElementType.INT16),
    INT32("int32", 4, ElementType.INT32),
    INT64("int64", 8, ElementType.INT64),
    FLOAT16("float16", 2, ElementType.FLOAT32),
    BFLOAT16("bfloat16", 2, ElementType.FLOAT32),
    FLOAT32("float32", 4, ElementType.FLOAT32),
    FLOAT64("float64", 8, ElementType.FLOAT64);

    private final String configName;
    private final int byteSize;
    private final ElementType decodedType;

    StorageDType(String configName, int byteSize, ElementType decodedType) {
        this.configName = configName;
        this.byteSize = byteSize;
        this.decodedType = decodedType;
    }

    @Override
    public String configName() {
        return configName;
    }

    /** Bytes one stored element takes. */
    public int byteSize() {
        return byteSize;
    }

    /** The element type the kernels see after decoding (float16 and bfloat16 widen to float32). */
    public ElementType decodedType() {
        return decodedType;
    }

    @Override
    public String toString() {
        return configName;
    }
}

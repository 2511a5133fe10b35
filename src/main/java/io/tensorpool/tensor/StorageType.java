package io.tensorpool.tensor;

import io.tensorpool.kernel.ElementType;

/**
 * How one element is stored in a cell: the {@code dtype} of the {@code binary} layout, the
 * {@code descr} of a {@code .npy} header, and the element encoding of binary and {@code .npy}
 * output.
 *
 * <p>Every storage type decodes to one kernel {@link ElementType}: the integer types and
 * float32/float64 map one to one; float16 and bfloat16 are storage-only and widen exactly to
 * {@link ElementType#FLOAT32} (every half and bfloat16 value is a float32 value).
 */
public enum StorageType {
    UINT8("uint8", 1, ElementType.UINT8),
    INT8("int8", 1, ElementType.INT8),
    INT16("int16", 2, ElementType.INT16),
    INT32("int32", 4, ElementType.INT32),
    INT64("int64", 8, ElementType.INT64),
    /** IEEE 754 binary16: 1 sign, 5 exponent, 10 fraction bits. */
    FLOAT16("float16", 2, ElementType.FLOAT32),
    /** The upper 16 bits of a float32: 1 sign, 8 exponent, 7 fraction bits. */
    BFLOAT16("bfloat16", 2, ElementType.FLOAT32),
    FLOAT32("float32", 4, ElementType.FLOAT32),
    FLOAT64("float64", 8, ElementType.FLOAT64);

    private final String configName;
    private final int byteSize;
    private final ElementType elementType;

    StorageType(String configName, int byteSize, ElementType elementType) {
        this.configName = configName;
        this.byteSize = byteSize;
        this.elementType = elementType;
    }

    /** The lower-case name written in configs, e.g. {@code bfloat16}. */
    public String configName() {
        return configName;
    }

    /** Bytes one element takes in a packed buffer. */
    public int byteSize() {
        return byteSize;
    }

    /** The kernel element type this storage decodes to (float32 for float16 and bfloat16). */
    public ElementType elementType() {
        return elementType;
    }

    /** The storage type that holds {@code type} without conversion, e.g. float32 for float32. */
    public static StorageType of(ElementType type) {
        return switch (type) {
            case UINT8 -> UINT8;
            case INT8 -> INT8;
            case INT16 -> INT16;
            case INT32 -> INT32;
            case INT64 -> INT64;
            case FLOAT32 -> FLOAT32;
            case FLOAT64 -> FLOAT64;
        };
    }

    /**
     * Parses a config name such as {@code float16}.
     *
     * @throws IllegalArgumentException naming the value and listing the valid names
     */
    public static StorageType fromName(String name) {
        for (StorageType type : values()) {
            if (type.configName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown storage dtype '" + name
                + "'; expected one of uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64");
    }

    @Override
    public String toString() {
        return configName;
    }
}

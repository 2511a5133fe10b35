package io.tensorpool.config;

import io.tensorpool.kernel.ElementType;

/**
 * How one element is stored in bytes. Users write it as {@code input.tensor.dtype}, the element
 * type of a {@code binary} tensor as stored, little-endian; the tensor codecs also use it for the
 * {@code descr} of a {@code .npy} header and for the element encoding of binary and {@code .npy}
 * output.
 *
 * <p>Every storage type decodes to one kernel {@link ElementType}: the integer types and
 * float32/float64 map one to one; float16 and bfloat16 are storage-only and widen exactly to
 * {@link ElementType#FLOAT32} (every half and bfloat16 value is a float32 value).
 */
public enum StorageDType implements ConfigEnum {
    UINT8(1, ElementType.UINT8),
    INT8(1, ElementType.INT8),
    INT16(2, ElementType.INT16),
    INT32(4, ElementType.INT32),
    INT64(8, ElementType.INT64),
    /** IEEE 754 binary16: 1 sign, 5 exponent, 10 fraction bits. */
    FLOAT16(2, ElementType.FLOAT32),
    /** The upper 16 bits of a float32: 1 sign, 8 exponent, 7 fraction bits. */
    BFLOAT16(2, ElementType.FLOAT32),
    FLOAT32(4, ElementType.FLOAT32),
    FLOAT64(8, ElementType.FLOAT64);

    private final int byteSize;
    private final ElementType decodedType;

    StorageDType(int byteSize, ElementType decodedType) {
        this.byteSize = byteSize;
        this.decodedType = decodedType;
    }

    /** Bytes one stored element takes. */
    public int byteSize() {
        return byteSize;
    }

    /** The element type the kernels see after decoding (float16 and bfloat16 widen to float32). */
    public ElementType decodedType() {
        return decodedType;
    }

    /**
     * True when the {@code .npy} format has a dtype for it: every type but bfloat16, which numpy
     * does not have. Output in the {@code npy} layout is refused for bfloat16.
     */
    public boolean hasNpyDtype() {
        return this != BFLOAT16;
    }

    /** The storage type that holds {@code type} without conversion, e.g. float32 for float32. */
    public static StorageDType of(ElementType type) {
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

    @Override
    public String toString() {
        return configName();
    }
}

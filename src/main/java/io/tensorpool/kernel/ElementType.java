package io.tensorpool.kernel;

/**
 * The element types the kernels compute on, each held in one Java primitive array type.
 *
 * <p>Storage-only types such as float16 and bfloat16 are widened to {@link #FLOAT32} when
 * decoded; they never reach a kernel. {@link #UINT8} shares {@code byte[]} with {@link #INT8}
 * but compares as unsigned.
 */
public enum ElementType {
    UINT8("uint8", 1),
    INT8("int8", 1),
    INT16("int16", 2),
    INT32("int32", 4),
    INT64("int64", 8),
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

    private final String pytorchName;
    private final int byteSize;

    ElementType(String pytorchName, int byteSize) {
        this.pytorchName = pytorchName;
        this.byteSize = byteSize;
    }

    /** The lower-case name users write in configs and PyTorch prints, e.g. {@code float32}. */
    public String pytorchName() {
        return pytorchName;
    }

    /** Bytes one element takes in a packed little-endian buffer. */
    public int byteSize() {
        return byteSize;
    }

    /** True for float32 and float64. */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** A new zeroed array of this type's primitive array type ({@code float[]} for float32, ...). */
    public Object newArray(int length) {
        return switch (this) {
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
            case INT8, UINT8 -> new byte[length];
            case INT16 -> new short[length];
            case INT32 -> new int[length];
            case INT64 -> new long[length];
        };
    }

    /** Parses a PyTorch-style name such as {@code uint8}; rejects anything else with the valid names. */
    public static ElementType fromName(String name) {
        for (ElementType type : values()) {
            if (type.pytorchName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown element type '" + name
                + "'; expected one of uint8, int8, int16, int32, int64, float32, float64");
    }

    @Override
    public String toString() {
        return pytorchName;
    }
}

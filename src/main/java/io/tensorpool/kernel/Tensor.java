package io.tensorpool.kernel;

import java.util.Arrays;

/**
 * A dense tensor of rank 2 {@code (H, W)}, 3 {@code (C, H, W)} or 4 {@code (N, C, H, W)}: one
 * primitive array in C (row-major) order plus its shape and element type.
 *
 * <p>Pooling works on the last two axes; the leading axes multiply into {@link #planes()}
 * independent {@code H x W} planes. The array is held, not copied: callers hand over ownership
 * and must not mutate it afterwards. Kernels never write to an input tensor's array.
 *
 * <p>Array types: {@code byte[]} for uint8 and int8, {@code short[]} int16, {@code int[]} int32,
 * {@code long[]} int64, {@code float[]} float32, {@code double[]} float64.
 */
public final class Tensor {
    /** Smallest and largest rank a record may have. */
    public static final int MIN_RANK = 2;
    public static final int MAX_RANK = 4;

    private final ElementType type;
    private final int[] shape;
    private final Object data;

    private Tensor(ElementType type, int[] shape, Object data) {
        this.type = type;
        this.shape = shape;
        this.data = data;
    }

    /**
     * Wraps {@code data} with the given shape after checking that the array type fits
     * {@code type}, the rank is 2 to 4, every dimension is at least 1, and the element count
     * equals the product of the shape.
     *
     * @throws IllegalArgumentException naming the shape and the rule broken
     */
    public static Tensor of(ElementType type, Object data, int... shape) {
        checkShape(shape);
        int length = arrayLength(type, data);
        long expected = elementCount(shape);
        if (expected != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + expected
                    + " elements but the data has " + length);
        }
        return new Tensor(type, shape.clone(), data);
    }

    public static Tensor ofFloats(float[] data, int... shape) {
        return of(ElementType.FLOAT32, data, shape);
    }

    public static Tensor ofDoubles(double[] data, int... shape) {
        return of(ElementType.FLOAT64, data, shape);
    }

    /**
     * Checks that a shape is a valid record shape: rank 2 to 4, each dimension at least 1, and
     * an element count that fits a Java array.
     *
     * @throws IllegalArgumentException naming the shape and the rule broken
     */
    public static void checkShape(int[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException("shape is missing");
        }
        if (shape.length < MIN_RANK || shape.length > MAX_RANK) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has rank " + shape.length
                    + "; a record must have rank 2 (H, W), 3 (C, H, W) or 4 (N, C, H, W)");
        }
        for (int dim : shape) {
            if (dim < 1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has a dimension below 1; every dimension must be at least 1");
            }
        }
        if (elementCount(shape) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + elementCount(shape)
                    + " elements, more than one array can hold (" + (Integer.MAX_VALUE - 8) + ")");
        }
    }

    /** Product of the dimensions, computed in long so that it cannot overflow for ranks up to 4. */
    public static long elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            count *= dim;
        }
        return count;
    }

    private static int arrayLength(ElementType type, Object data) {
        if (data == null) {
            throw new IllegalArgumentException("tensor data is missing");
        }
        boolean fits = switch (type) {
            case UINT8, INT8 -> data instanceof byte[];
            case INT16 -> data instanceof short[];
            case INT32 -> data instanceof int[];
            case INT64 -> data instanceof long[];
            case FLOAT32 -> data instanceof float[];
            case FLOAT64 -> data instanceof double[];
        };
        if (!fits) {
            throw new IllegalArgumentException("a " + type + " tensor cannot hold a " + data.getClass().getSimpleName());
        }
        return java.lang.reflect.Array.getLength(data);
    }

    public ElementType type() {
        return type;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int height() {
        return shape[shape.length - 2];
    }

    public int width() {
        return shape[shape.length - 1];
    }

    /** Number of independent {@code H x W} planes: the product of the leading axes. */
    public int planes() {
        int planes = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            planes *= shape[i];
        }
        return planes;
    }

    public int size() {
        return (int) elementCount(shape);
    }

    /** The backing array, not copied; one of the primitive array types listed on the class. */
    public Object data() {
        return data;
    }

    public float[] floats() {
        return (float[]) expect(ElementType.FLOAT32);
    }

    public double[] doubles() {
        return (double[]) expect(ElementType.FLOAT64);
    }

    /** The bytes of a uint8 or int8 tensor. */
    public byte[] bytes() {
        if (type != ElementType.UINT8 && type != ElementType.INT8) {
            throw new IllegalStateException("a " + type + " tensor has no byte[] data");
        }
        return (byte[]) data;
    }

    public short[] shorts() {
        return (short[]) expect(ElementType.INT16);
    }

    public int[] ints() {
        return (int[]) expect(ElementType.INT32);
    }

    public long[] longs() {
        return (long[]) expect(ElementType.INT64);
    }

    private Object expect(ElementType wanted) {
        if (type != wanted) {
            throw new IllegalStateException("a " + type + " tensor has no " + wanted + " data");
        }
        return data;
    }

    @Override
    public String toString() {
        return "Tensor(" + type + ", " + Arrays.toString(shape) + ")";
    }
}

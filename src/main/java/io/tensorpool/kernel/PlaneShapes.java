package io.tensorpool.kernel;

import java.util.Arrays;

/** Shape bookkeeping shared by the operators: checking an input shape, building an output shape. */
final class PlaneShapes {

    private PlaneShapes() {
    }

    /**
     * Checks that {@code shape} is a valid record shape (rank 2 to 4, every dimension at least 1).
     *
     * @throws IllegalArgumentException naming the operator and the shape
     */
    static void checkInput(String op, int[] shape) {
        try {
            Tensor.checkShape(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
    }

    static int height(int[] shape) {
        return shape[shape.length - 2];
    }

    static int width(int[] shape) {
        return shape[shape.length - 1];
    }

    /** {@code shape} with its last two axes replaced by {@code outH x outW}. */
    static int[] withPlane(int[] shape, int outH, int outW) {
        int[] out = shape.clone();
        out[out.length - 2] = outH;
        out[out.length - 1] = outW;
        return out;
    }

    static Tensor requireInput(String op, Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException(op + ": input tensor is missing");
        }
        return input;
    }

    static String format(int[] shape) {
        return Arrays.toString(shape);
    }
}

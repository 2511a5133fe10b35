package io.tensorpool.kernel;

import java.util.Arrays;

/** Shape bookkeeping shared by the operators: checking an input shape, building an output shape. */
final class PlaneShapes {

    private PlaneShapes() {
    }

    /**
     * Checks that {@code shape} is a valid record shape (rank 2 to 4, every dimension at least 1).
     *
     * @throws ShapeTooLargeException naming the operator and the shape, when its element count is too large
     * @throws IllegalArgumentException naming the operator and the shape
     */
    static void checkInput(String op, int[] shape) {
        try {
            Tensor.checkShape(shape);
        } catch (ShapeTooLargeException e) {
            throw new ShapeTooLargeException(op + ": " + e.getMessage());
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

    /**
     * The output shape of {@code op} for an input of {@code inputShape}: the input's leading axes
     * and an {@code outH x outW} plane, checked to fit one array. A plane larger than the input's
     * (adaptive pooling to a large {@code output_size}, padding) can push a valid input's output
     * past it.
     *
     * @throws ShapeTooLargeException naming the operator, the input and the output shape
     */
    static int[] output(String op, int[] inputShape, int outH, int outW) {
        int[] out = withPlane(inputShape, outH, outW);
        try {
            Tensor.elementCount(out);
        } catch (ShapeTooLargeException e) {
            throw new ShapeTooLargeException(op + ": input of shape " + format(inputShape) + " gives an output whose "
                    + e.getMessage());
        }
        return out;
    }

    /** {@code shape} with its last two axes replaced by {@code outH x outW}, unchecked. */
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

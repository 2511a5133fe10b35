package io.tensorpool.kernel;

import java.util.Arrays;

/** Checks a caller's output tensor for {@link PoolOp#applyInto} and hands its array to the kernels. */
final class OutputTarget {

    private OutputTarget() {
    }

    /**
     * The array of {@code output} after checking that it is what {@code op} produces from
     * {@code input}: the same element type and shape as {@link PoolOp#outputType} and
     * {@link PoolOp#outputShape} give, and not the input's own array.
     *
     * @throws IllegalArgumentException naming the operator and what does not fit
     */
    static Object of(PoolOp op, Tensor input, Tensor output) {
        PlaneShapes.requireInput(op.opName(), input);
        if (output == null) {
            throw new IllegalArgumentException(op.opName() + ": the output tensor is missing");
        }
        ElementType type = op.outputType(input.type());
        int[] shape = op.outputShape(input.shape());
        if (output.type() != type || !Arrays.equals(output.shape(), shape)) {
            throw new IllegalArgumentException(op.opName() + ": an input of " + input.type() + " "
                    + Arrays.toString(input.shape()) + " pools into " + type + " " + Arrays.toString(shape)
                    + ", but the output tensor is " + output.type() + " " + Arrays.toString(output.shape()));
        }
        if (output.data() == input.data()) {
            throw new IllegalArgumentException(op.opName() + ": the output tensor must not share the input's array");
        }
        return output.data();
    }
}

package io.tensorpool.kernel;

/**
 * Resolves a sliding-window operator (max, avg, lp) on one input shape: the padding (automatic
 * modes depend on the input size), the output size of each axis from {@link OutputSize}, and
 * the windows themselves.
 */
final class SlidingWindows {

    private SlidingWindows() {
    }

    /** An input shape's concrete padding {@code [top, left, bottom, right]} and output shape. */
    private record Sizes(int[] pad, int[] outputShape) {
    }

    /**
     * The windows of {@code op} on an input of {@code inputShape}.
     *
     * @throws IllegalArgumentException as {@link #outputShape(String, int[], IntPair, IntPair, IntPair, Padding, boolean)}
     */
    static WindowGeometry resolve(String op, int[] inputShape, IntPair kernel, IntPair stride, IntPair dilation,
                                  Padding padding, boolean ceilMode) {
        Sizes sizes = sizes(op, inputShape, kernel, stride, dilation, padding, ceilMode);
        int[] pad = sizes.pad();
        return WindowGeometry.of(
                AxisWindows.sliding(PlaneShapes.height(inputShape), PlaneShapes.height(sizes.outputShape()), kernel.h(),
                        stride.h(), dilation.h(), pad[0], pad[2]),
                AxisWindows.sliding(PlaneShapes.width(inputShape), PlaneShapes.width(sizes.outputShape()), kernel.w(),
                        stride.w(), dilation.w(), pad[1], pad[3]));
    }

    /**
     * The output shape of {@code op} on an input of {@code inputShape}, from sizes alone: the
     * windows are not built, so asking about a huge shape (a hostile shape column, read on the
     * driver) costs nothing.
     *
     * @throws ShapeTooLargeException if an output axis or the whole output is larger than an
     *     array can hold, or the input shape is
     * @throws IllegalArgumentException if the shape is invalid or an output axis would have fewer
     *     than one cell; the message names the operator, the input shape, the output size it
     *     would have and the parameters that lead there
     */
    static int[] outputShape(String op, int[] inputShape, IntPair kernel, IntPair stride, IntPair dilation,
                             Padding padding, boolean ceilMode) {
        return sizes(op, inputShape, kernel, stride, dilation, padding, ceilMode).outputShape();
    }

    private static Sizes sizes(String op, int[] inputShape, IntPair kernel, IntPair stride, IntPair dilation,
                               Padding padding, boolean ceilMode) {
        PlaneShapes.checkInput(op, inputShape);
        int inH = PlaneShapes.height(inputShape);
        int inW = PlaneShapes.width(inputShape);
        IntPair effective = IntPair.of((int) OutputSize.effectiveKernel(kernel.h(), dilation.h()),
                (int) OutputSize.effectiveKernel(kernel.w(), dilation.w()));
        int[] pad = padding.resolve(inH, inW, effective, stride);
        long outH = OutputSize.of(inH, kernel.h(), stride.h(), dilation.h(), pad[0], pad[2], ceilMode);
        long outW = OutputSize.of(inW, kernel.w(), stride.w(), dilation.w(), pad[1], pad[3], ceilMode);
        if (outH < 1 || outW < 1) {
            String resolved = padding instanceof Padding.Auto
                    ? " (resolved to [" + pad[0] + ", " + pad[1] + ", " + pad[2] + ", " + pad[3] + "])" : "";
            throw new IllegalArgumentException(op + ": input of shape " + PlaneShapes.format(inputShape)
                    + " is too small: output size would be [" + outH + ", " + outW + "] with kernel_size " + kernel
                    + ", stride " + stride + ", padding " + padding + resolved + ", dilation " + dilation
                    + ", ceil_mode " + ceilMode + "; every output axis needs at least 1 cell");
        }
        if (outH > Tensor.MAX_ELEMENTS || outW > Tensor.MAX_ELEMENTS) {
            throw new ShapeTooLargeException(op + ": input of shape " + PlaneShapes.format(inputShape)
                    + " would give an output of [" + outH + ", " + outW + "] cells, more than an array can hold ("
                    + Tensor.MAX_ELEMENTS + ")");
        }
        return new Sizes(pad, PlaneShapes.output(op, inputShape, (int) outH, (int) outW));
    }
}

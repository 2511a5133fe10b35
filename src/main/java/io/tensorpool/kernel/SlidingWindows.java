package io.tensorpool.kernel;

/**
 * Resolves a sliding-window operator (max, avg, lp) on one input shape: the padding (automatic
 * modes depend on the input size), the output size of each axis from {@link OutputSize}, and
 * the windows themselves.
 */
final class SlidingWindows {

    private SlidingWindows() {
    }

    /**
     * The windows of {@code op} on an input of {@code inputShape}.
     *
     * @throws IllegalArgumentException if the shape is invalid or an output axis would have fewer
     *     than one cell; the message names the operator, the input shape, the output size it
     *     would have and the parameters that lead there
     */
    static WindowGeometry resolve(String op, int[] inputShape, IntPair kernel, IntPair stride, IntPair dilation,
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
        if (outH > Integer.MAX_VALUE || outW > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": input of shape " + PlaneShapes.format(inputShape)
                    + " would give an output of [" + outH + ", " + outW + "] cells, more than an array can hold");
        }
        return WindowGeometry.of(
                AxisWindows.sliding(inH, (int) outH, kernel.h(), stride.h(), dilation.h(), pad[0], pad[2]),
                AxisWindows.sliding(inW, (int) outW, kernel.w(), stride.w(), dilation.w(), pad[1], pad[3]));
    }

    /** The output shape for {@code inputShape} given its resolved windows. */
    static int[] outputShape(int[] inputShape, WindowGeometry geometry) {
        int[] out = PlaneShapes.withPlane(inputShape, geometry.outputHeight(), geometry.outputWidth());
        Tensor.checkShape(out);
        return out;
    }
}

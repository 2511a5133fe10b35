package io.tensorpool.kernel;

/**
 * {@code max_pool2d}: the largest value of each window, PyTorch's {@code F.max_pool2d}.
 * Takes every {@link ElementType} and keeps it (uint8 compares unsigned). Padding never takes
 * part (as if -inf).
 *
 * <p>Each window is scanned row by row, left to right, from the type's smallest value with the
 * index of its first in-bounds cell, replacing the maximum when {@code v > max || isNaN(v)}: ties
 * keep the first maximum, the last NaN wins, {@code -0.0} then {@code +0.0} stays {@code -0.0}.
 * Indices are the flat position {@code h * W + w} inside each input plane. A dilated window that
 * steps over a short input without touching it yields the type's smallest value and PyTorch's
 * index of its first taps at or after 0 (which then lies outside the plane, as in PyTorch).
 *
 * @param kernelSize    window size, each at least 1
 * @param stride        step between windows, each at least 1; {@code null} means {@code kernelSize}
 * @param padding       {@code null} means none
 * @param dilation      spacing of window taps, each at least 1; {@code null} means 1
 * @param ceilMode      PyTorch's {@code ceil_mode}
 * @param returnIndices PyTorch's {@code return_indices}
 */
public record MaxPool2d(IntPair kernelSize, IntPair stride, Padding padding, IntPair dilation,
                        boolean ceilMode, boolean returnIndices) implements WindowedOp.MaxLike, WindowedOp.Sliding {

    public MaxPool2d {
        stride = stride == null ? kernelSize : stride;
        padding = padding == null ? Padding.NONE : padding;
        dilation = dilation == null ? IntPair.of(1) : dilation;
        ParameterChecks.slidingWindow(NAME, kernelSize, stride, dilation, padding);
    }

    /** {@code max_pool2d(kernel_size=k)} with every other parameter at PyTorch's default. */
    public static MaxPool2d of(int kernelSize) {
        return new MaxPool2d(IntPair.of(kernelSize), null, null, null, false, false);
    }

    /** The operator's name as users write it in a config. */
    public static final String NAME = "max_pool2d";

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public PoolResult reduce(Tensor input, WindowGeometry windows, int[] outputShape, Object target) {
        return MaxPoolKernels.pool(input, windows, outputShape, returnIndices, target);
    }
}

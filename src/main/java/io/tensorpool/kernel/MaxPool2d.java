package io.tensorpool.kernel;

/**
 * {@code max_pool2d}: the largest value of each window, PyTorch's {@code F.max_pool2d}.
 * Takes every {@link ElementType} and keeps it. Padding never takes part (as if -inf).
 *
 * @param kernelSize    window size, each at least 1
 * @param stride        step between windows, each at least 1; {@code null} means {@code kernelSize}
 * @param padding       {@code null} means none
 * @param dilation      spacing of window taps, each at least 1; {@code null} means 1
 * @param ceilMode      PyTorch's {@code ceil_mode}
 * @param returnIndices PyTorch's {@code return_indices}
 */
public record MaxPool2d(IntPair kernelSize, IntPair stride, Padding padding, IntPair dilation,
                        boolean ceilMode, boolean returnIndices) implements PoolOp {

    public MaxPool2d {
        stride = stride == null ? kernelSize : stride;
        padding = padding == null ? Padding.NONE : padding;
        dilation = dilation == null ? IntPair.of(1) : dilation;
        // TODO(kernels): validate
    }

    /** {@code max_pool2d(kernel_size=k)} with every other parameter at PyTorch's default. */
    public static MaxPool2d of(int kernelSize) {
        return new MaxPool2d(IntPair.of(kernelSize), null, null, null, false, false);
    }

    @Override
    public String opName() {
        return "max_pool2d";
    }

    @Override
    public ElementType outputType(ElementType input) {
        return input;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        throw new UnsupportedOperationException("TODO(kernels)");
    }

    @Override
    public PoolResult apply(Tensor input) {
        throw new UnsupportedOperationException("TODO(kernels)");
    }
}

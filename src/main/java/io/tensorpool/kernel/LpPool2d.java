package io.tensorpool.kernel;

/**
 * {@code lp_pool2d}: {@code (sum x^p)^(1/p)} over each window, computed as PyTorch's
 * {@code F.lp_pool2d} does (through the average of {@code x^p}). Padding and dilation are
 * beyond PyTorch (ONNX {@code LpPool}); PyTorch's form has neither.
 *
 * @param normType   p, finite and greater than 0
 * @param kernelSize window size, each at least 1
 * @param stride     {@code null} means {@code kernelSize}
 * @param padding    {@code null} means none
 * @param dilation   {@code null} means 1
 * @param ceilMode   PyTorch's {@code ceil_mode}
 */
public record LpPool2d(double normType, IntPair kernelSize, IntPair stride, Padding padding, IntPair dilation,
                       boolean ceilMode) implements PoolOp {

    public LpPool2d {
        stride = stride == null ? kernelSize : stride;
        padding = padding == null ? Padding.NONE : padding;
        dilation = dilation == null ? IntPair.of(1) : dilation;
        // TODO(kernels): validate
    }

    @Override
    public String opName() {
        return "lp_pool2d";
    }

    @Override
    public ElementType outputType(ElementType input) {
        return input == ElementType.FLOAT64 ? ElementType.FLOAT64 : ElementType.FLOAT32;
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

package io.tensorpool.kernel;

/**
 * {@code avg_pool2d}: the mean of each window with PyTorch's divisor, {@code F.avg_pool2d}, plus
 * dilation (ONNX). Float input keeps its type; integer input gives float32.
 *
 * @param kernelSize      window size, each at least 1
 * @param stride          {@code null} means {@code kernelSize}
 * @param padding         {@code null} means none
 * @param dilation        {@code null} means 1 (beyond PyTorch)
 * @param ceilMode        PyTorch's {@code ceil_mode}
 * @param countIncludePad PyTorch's {@code count_include_pad} (PyTorch's default is true)
 * @param divisorOverride PyTorch's {@code divisor_override}; {@code null} means none, never 0
 */
public record AvgPool2d(IntPair kernelSize, IntPair stride, Padding padding, IntPair dilation,
                        boolean ceilMode, boolean countIncludePad, Integer divisorOverride) implements PoolOp {

    public AvgPool2d {
        stride = stride == null ? kernelSize : stride;
        padding = padding == null ? Padding.NONE : padding;
        dilation = dilation == null ? IntPair.of(1) : dilation;
        ParameterChecks.slidingWindow(NAME, kernelSize, stride, dilation, padding);
        ParameterChecks.divisorOverride(NAME, divisorOverride);
    }

    /** {@code avg_pool2d(kernel_size=k)} with every other parameter at PyTorch's default. */
    public static AvgPool2d of(int kernelSize) {
        return new AvgPool2d(IntPair.of(kernelSize), null, null, null, false, true, null);
    }

    private static final String NAME = "avg_pool2d";

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public ElementType outputType(ElementType input) {
        return input == ElementType.FLOAT64 ? ElementType.FLOAT64 : ElementType.FLOAT32;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return SlidingWindows.outputShape(inputShape, windows(inputShape));
    }

    @Override
    public PoolResult apply(Tensor input) {
        int[] shape = PlaneShapes.requireInput(NAME, input).shape();
        WindowGeometry windows = windows(shape);
        Divisors divisors = Divisors.avgPool(windows, countIncludePad, divisorOverride);
        return new PoolResult(AvgPoolKernels.average(input, windows, divisors,
                SlidingWindows.outputShape(shape, windows)), null);
    }

    private WindowGeometry windows(int[] inputShape) {
        return SlidingWindows.resolve(NAME, inputShape, kernelSize, stride, dilation, padding, ceilMode);
    }
}

package io.tensorpool.kernel;

/**
 * {@code lp_pool2d}: {@code (sum x^p)^(1/p)} over each window, computed as PyTorch's
 * {@code F.lp_pool2d} does: {@code avg_pool2d(x.pow(p))} with {@code count_include_pad}, then
 * {@code sign(v) * relu(abs(v))}, times {@code kh * kw}, to the power {@code 1 / p}, every step in
 * float32 (double for float64). A ceil-mode partial window is therefore divided by its clipped
 * size and multiplied back by the full {@code kh * kw}, as PyTorch does. It uses {@code x^p}, not
 * {@code |x|^p} (ONNX); both agree on non-negative input. Padding and dilation are beyond PyTorch
 * (ONNX {@code LpPool}) and follow {@link AvgPool2d}'s window rules. Integer input gives float32.
 *
 * @param normType   p, finite and greater than 0
 * @param kernelSize window size, each at least 1
 * @param stride     {@code null} means {@code kernelSize}
 * @param padding    {@code null} means none
 * @param dilation   {@code null} means 1
 * @param ceilMode   PyTorch's {@code ceil_mode}
 * @param absolute   ONNX's {@code LpPool} rule, {@code |x|^p} instead of {@code x^p} (see
 *                   {@code LpPoolKernels}); false, PyTorch's rule, by default
 */
public record LpPool2d(double normType, IntPair kernelSize, IntPair stride, Padding padding, IntPair dilation,
                       boolean ceilMode, boolean absolute) implements WindowedOp.Averaging, WindowedOp.Sliding {

    /** PyTorch's rule, {@code x^p}. */
    public LpPool2d(double normType, IntPair kernelSize, IntPair stride, Padding padding, IntPair dilation,
                    boolean ceilMode) {
        this(normType, kernelSize, stride, padding, dilation, ceilMode, false);
    }

    public LpPool2d {
        stride = stride == null ? kernelSize : stride;
        padding = padding == null ? Padding.NONE : padding;
        dilation = dilation == null ? IntPair.of(1) : dilation;
        ParameterChecks.normType(NAME, normType);
        ParameterChecks.slidingWindow(NAME, kernelSize, stride, dilation, padding);
    }

    /** The operator's name as users write it in a config. */
    public static final String NAME = "lp_pool2d";

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public PoolResult reduce(Tensor input, WindowGeometry windows, int[] outputShape, Object target) {
        long kernelArea = (long) kernelSize.h() * kernelSize.w();
        return new PoolResult(LpPoolKernels.pool(input, windows, normType, absolute, kernelArea, outputShape,
                target), null);
    }
}

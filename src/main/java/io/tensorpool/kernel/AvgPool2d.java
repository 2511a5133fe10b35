package io.tensorpool.kernel;

/**
 * {@code avg_pool2d}: the mean of each window with PyTorch's divisor, {@code F.avg_pool2d}, plus
 * dilation (ONNX). Float input keeps its type; integer input gives float32.
 *
 * <p>Per axis, window {@code o} starts at {@code start = o * s - pb}; PyTorch takes
 * {@code end = min(start + k, In + pe)} and {@code pool = (end_h - start_h) * (end_w - start_w)}
 * before clipping to the input, so a ceil-mode overhang past the trailing padding never counts.
 * The sum runs over the in-bounds cells, row by row, left to right, in float32 (double for
 * float64), followed by one division: by {@code divisor_override} when set, else by
 * {@code pool} when {@code count_include_pad}, else by the in-bounds area. As in PyTorch, the
 * quotient is added to a zeroed output (so {@code -0.0} becomes {@code +0.0}), and a window with
 * no input cell yields 0.
 *
 * <p>Dilation {@code d > 1} (beyond PyTorch) generalises this by counting taps: the window has
 * taps {@code start + j * d} for {@code j = 0 .. k - 1}; {@code pool} counts the taps before
 * {@code In + pe} and the in-bounds area the taps inside {@code [0, In)}. At {@code d = 1} these
 * counts are exactly PyTorch's {@code end - start} and clipped lengths.
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
                        boolean ceilMode, boolean countIncludePad, Integer divisorOverride) implements WindowedOp.Averaging, WindowedOp.Sliding {

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

    /** The operator's name as users write it in a config. */
    public static final String NAME = "avg_pool2d";

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public PoolResult reduce(Tensor input, WindowGeometry windows, int[] outputShape, Object target) {
        Divisors divisors = Divisors.avgPool(windows, countIncludePad, divisorOverride);
        return new PoolResult(AvgPoolKernels.average(input, windows, divisors, outputShape, target), null);
    }
}

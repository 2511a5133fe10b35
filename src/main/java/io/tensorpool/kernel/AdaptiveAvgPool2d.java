package io.tensorpool.kernel;

/**
 * {@code adaptive_avg_pool2d}: the mean over each of {@code output_size} bins, PyTorch's
 * {@code F.adaptive_avg_pool2d}, bins as in {@link AdaptiveMaxPool2d}. Each bin is summed row by
 * row in float32 (double for float64) and divided by its height, then by its width, PyTorch's
 * {@code sum / kh / kw}. An output of {@code [1, 1]} is the plane mean with one division by
 * {@code H * W}, as PyTorch computes it through {@code mean}. Integer input gives float32.
 *
 * @param outputHeight bins down, at least 1; {@code null} keeps the input height
 * @param outputWidth  bins across, at least 1; {@code null} keeps the input width
 */
public record AdaptiveAvgPool2d(Integer outputHeight, Integer outputWidth) implements WindowedOp.Averaging, WindowedOp.Adaptive {

    public AdaptiveAvgPool2d {
        ParameterChecks.outputSize(NAME, outputHeight, outputWidth);
    }

    /** The operator's name as users write it in a config. */
    public static final String NAME = "adaptive_avg_pool2d";

    @Override
    public String opName() {
        return NAME;
    }

    /**
     * An output of {@code [1, 1]} is the plane mean, computed as PyTorch routes it (through
     * {@code mean}: one division by {@code H * W}; the plane is summed in double, since PyTorch's
     * vectorised cascade sum cannot be replayed bit for bit and a long sequential float32 sum would
     * drift from it); any other size sums each bin in the output's precision and divides by the bin
     * height, then by its width ({@code sum / kh / kw}, PyTorch's order).
     */
    @Override
    public PoolResult reduce(Tensor input, WindowGeometry bins, int[] outputShape, Object target) {
        if (bins.outputPlane() == 1) {
            return new PoolResult(AvgPoolKernels.planeMeans(input, outputShape, target), null);
        }
        return new PoolResult(AvgPoolKernels.average(input, bins, Divisors.adaptive(bins), outputShape, target), null);
    }
}

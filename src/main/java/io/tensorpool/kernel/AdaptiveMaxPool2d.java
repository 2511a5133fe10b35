package io.tensorpool.kernel;

/**
 * {@code adaptive_max_pool2d}: the maximum over each of {@code output_size} bins, PyTorch's
 * {@code F.adaptive_max_pool2d}. Bin {@code i} of an axis covers
 * {@code [floor(i * In / Out), ceil((i + 1) * In / Out))}.
 *
 * @param outputHeight  bins down, at least 1; {@code null} keeps the input height
 * @param outputWidth   bins across, at least 1; {@code null} keeps the input width
 * @param returnIndices PyTorch's {@code return_indices}
 */
public record AdaptiveMaxPool2d(Integer outputHeight, Integer outputWidth, boolean returnIndices)
        implements WindowedOp.MaxLike, WindowedOp.Adaptive {

    public AdaptiveMaxPool2d {
        ParameterChecks.outputSize(NAME, outputHeight, outputWidth);
    }

    /** The operator's name as users write it in a config. */
    public static final String NAME = "adaptive_max_pool2d";

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public PoolResult reduce(Tensor input, WindowGeometry bins, int[] outputShape, Object target) {
        return MaxPoolKernels.pool(input, bins, outputShape, returnIndices, target);
    }
}

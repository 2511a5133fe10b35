package io.tensorpool.kernel;

/**
 * {@code global_avg_pool2d}: the mean of each whole {@code H x W} plane (ONNX
 * {@code GlobalAveragePool}); the same as {@code adaptive_avg_pool2d} to {@code [1, 1]}.
 */
public record GlobalAvgPool2d() implements WindowedOp.Averaging, WindowedOp.Global {

    /** The operator's name as users write it in a config. */
    public static final String NAME = "global_avg_pool2d";

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public PoolResult reduce(Tensor input, WindowGeometry plane, int[] outputShape, Object target) {
        return new PoolResult(AvgPoolKernels.planeMeans(input, outputShape, target), null);
    }
}

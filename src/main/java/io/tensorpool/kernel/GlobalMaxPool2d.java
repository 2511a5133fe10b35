package io.tensorpool.kernel;

/**
 * {@code global_max_pool2d}: the maximum of each whole {@code H x W} plane (ONNX
 * {@code GlobalMaxPool}); the same as {@code adaptive_max_pool2d} to {@code [1, 1]}.
 *
 * @param returnIndices PyTorch-style plane-flat indices of each maximum
 */
public record GlobalMaxPool2d(boolean returnIndices) implements WindowedOp.MaxLike, WindowedOp.Global {

    /** The operator's name as users write it in a config. */
    public static final String NAME = "global_max_pool2d";

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public PoolResult reduce(Tensor input, WindowGeometry plane, int[] outputShape, Object target) {
        return MaxPoolKernels.pool(input, plane, outputShape, returnIndices, target);
    }
}

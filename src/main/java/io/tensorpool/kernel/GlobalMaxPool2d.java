package io.tensorpool.kernel;

/**
 * {@code global_max_pool2d}: the maximum of each whole {@code H x W} plane (ONNX
 * {@code GlobalMaxPool}); the same as {@code adaptive_max_pool2d} to {@code [1, 1]}.
 *
 * @param returnIndices PyTorch-style plane-flat indices of each maximum
 */
public record GlobalMaxPool2d(boolean returnIndices) implements PoolOp {

    @Override
    public String opName() {
        return "global_max_pool2d";
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
